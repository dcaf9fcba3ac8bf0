"""Sources & method: every source with its link, how the data is graded, and the download."""

import streamlit as st

from dashboard import sources, ui

context = ui.page("sources")
view = sources.build(context.package, context.tables)
st.markdown(view.intro)
if view.sources is None:
    st.info("No sources match these filters.", icon=":material/filter_alt_off:")
else:
    ui.show_table(view.sources)

st.header("Method", anchor=False)
for title, shown in view.method:
    st.subheader(title, anchor=False)
    if isinstance(shown, str):
        st.markdown(shown)
    else:
        st.table(shown, border="horizontal")

st.subheader("One estimate, several currencies", anchor=False)
if view.lineage is None:
    st.info("This data package has no converted figures.", icon=":material/info:")
else:
    st.markdown(sources.LINEAGE_INTRO)
    ui.show_table(view.lineage)

st.subheader("What is not covered", anchor=False)
if view.gaps:
    st.markdown(view.gaps)
else:
    st.caption("The data package does not list its gaps.")

st.header("Corrections", anchor=False)
if not view.release:
    st.caption("This data package has no changelog (CHANGELOG.md).")
else:
    st.markdown(view.release)
    with st.container(border=True, height=420):
        st.markdown(view.latest_changes)
    with st.expander("The full changelog"):
        st.markdown(view.changelog)

st.header("Download", anchor=False)
st.markdown(sources.DOWNLOAD_INTRO)
ui.download_selection(context)

st.header("Use your own data package", anchor=False)
ui.upload_panel()
