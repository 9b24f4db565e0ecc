use leptos::prelude::*;

/// A bar as wide as `value` is of `max`, drawn behind a table cell's text: the table reads
/// as a chart, and is one.
pub fn bar(value: i64, max: i64, class: &'static str) -> impl IntoView {
    let share = if max > 0 {
        (value.max(0) as f64 / max as f64 * 100.0).round()
    } else {
        0.0
    };
    view! { <span class=format!("bar {class}") style=format!("width: {share}%")></span> }
}
