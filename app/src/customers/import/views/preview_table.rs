use leptos::prelude::*;

use crate::customers::import::types::Preview;
use crate::i18n::{fill, use_messages};
use crate::ui::table_scroll::TableScroll;

/// The first rows after cleaning, and every refused row with its reasons.
#[component]
pub fn PreviewTable(preview: Preview) -> impl IntoView {
    let t = use_messages();
    let counts = fill(
        t.import_preview_counts,
        &[
            ("valid", &preview.valid.to_string()),
            ("invalid", &preview.invalid.to_string()),
        ],
    );
    let heads = preview
        .fields
        .iter()
        .map(|f| view! { <th scope="col">{t.import_field(*f)}</th> })
        .collect_view();
    let rows = preview
        .rows
        .iter()
        .map(|row| {
            let class = if row.reasons.is_empty() {
                ""
            } else {
                "refused"
            };
            view! {
                <tr class=class>
                    <td>{row.line}</td>
                    {row.values.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let listed = preview.problems.len() as u64;
    let more = (preview.invalid > listed)
        .then(|| view! { <p class="muted">{fill(t.import_problems_more, &[("count", &listed.to_string())])}</p> });
    let problems = preview
        .problems
        .iter()
        .map(|row| {
            view! {
                <li>
                    <strong>{t.import_line} " " {row.line}</strong>
                    ": " {t.row_reasons(&row.reasons)}
                </li>
            }
        })
        .collect_view();
    let has_problems = !preview.problems.is_empty();
    view! {
        <p class="preview-counts"><strong>{counts}</strong></p>
        <TableScroll label=t.import_preview>
            <table class="preview">
                <thead>
                    <tr><th scope="col">{t.import_line}</th>{heads}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableScroll>
        <Show when=move || has_problems>
            <h3>{t.import_problems}</h3>
        </Show>
        <ul class="problems">{problems}</ul>
        {more}
    }
}
