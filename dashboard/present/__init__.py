"""The presentation kit: one of each of what every page shares.

`palette` (colours), `text` (escaping for Markdown and plotly), `formats` (values, dates, sources),
`tables` (the row cap and a table's description) and `labels` (the text-width model and the label placer).
"""
