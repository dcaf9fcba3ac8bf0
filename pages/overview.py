"""Overview: the question, the headline numbers with their basis, and what the selection holds."""

import streamlit as st

from dashboard import overview, ui
from dashboard.present.formats import format_date
from dashboard.present.text import SHORT, md_escape, safe_url

context = ui.page("overview")
events = context.tables["events"]
st.markdown(
    "**The question:** did Serbian-made ammunition reach Ukraine through third countries, "
    "who says so, and who denies it? Allegations appear here with the answers they drew; "
    "every number and statement links to its source."
)

st.header("Headline numbers", anchor=False)
found = overview.estimates(context.tables["figures"])
headlines = overview.headlines(
    context.tables["figures"],
    context.package.tables["sources"],
    context.package.tables["events"],
    found=found,
)
if not headlines:
    st.info("No headline figures match these filters.", icon=":material/filter_alt_off:")
if (more := len(found) - len(headlines)) > 0:
    st.caption(f"{more:,} more estimates in the selection: see the Exports page.")
for item in headlines:
    with st.container(border=True):
        st.metric(md_escape(item.metric), item.value)
        st.markdown(
            f"{md_escape(item.basis.capitalize())} · {md_escape(item.period)} · "
            f"source: {md_escape(item.source)}"
            + (
                f" · {item.restatements} conversions into other currencies (the same estimate, not new findings)"
                if item.restatements
                else ""
            )
        )
        if url := safe_url(item.url):
            st.link_button("Open the source", url, icon=":material/open_in_new:")
        # One caption for all the answers: each element costs the browser time on every rerun.
        answers = [
            f"- Answered — {md_escape(response, SHORT)}" for response in item.responses[: overview.RESPONSES]
        ]
        if (more := len(item.responses) - overview.RESPONSES) > 0:
            answers.append(f"- … and {more:,} more answers: see the Statements timeline.")
        st.caption("\n".join(answers) if answers else "No answer to this estimate found in the data.")

st.header("In the current selection", anchor=False)
counts = overview.kind_counts(events, overview.COUNTED_KINDS)
totals = overview.kind_counts(context.package.tables["events"], overview.COUNTED_KINDS)
# A wrapping row, not columns: on a phone the short numbers stay side by side while they fit.
with st.container(horizontal=True, gap="medium"):
    for kind, count in counts.items():
        st.metric(
            f"{ui.pretty(kind)}s",
            count,
            help=f"{overview.COUNT_HELP[kind]} {totals[kind]} in the whole data package.",
            width="content",
        )

latest = overview.latest(events)
if latest is None:
    st.info("No statements match these filters.", icon=":material/filter_alt_off:")
else:
    st.markdown(
        f"**Latest statement** ({md_escape(format_date(latest['date'], latest['date_precision']))}, "
        f"{md_escape(latest['actor'])}, {md_escape(ui.pretty(latest['kind']).lower())}, "
        f"confidence {md_escape(latest['confidence'])}): {md_escape(latest['summary'], SHORT)}"
    )

st.header("Key dates", anchor=False)
key_dates = overview.key_dates(events, context.package.tables["events"])
if not key_dates:
    st.info("No key dates match these filters.", icon=":material/filter_alt_off:")
else:
    if len(key_dates) > overview.KEY_DATES:
        st.caption(
            f"The first {overview.KEY_DATES} of {len(key_dates):,} key dates; "
            "the Statements timeline lists every statement."
        )
    st.markdown(overview.key_dates_markdown(key_dates))

st.divider()
st.badge(
    f"Data checks passed: {context.package.summary()}",
    icon=":material/verified:",
    color="green",
)
st.caption(f"Licence {md_escape(context.package.meta.get('licence', 'not stated'))}")
