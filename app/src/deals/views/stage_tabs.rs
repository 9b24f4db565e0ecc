//! On a phone the board shows one stage at a time: a row of tabs picks it, counts each
//! stage's deals, and takes a card carried onto it (to the top of that stage).

use leptos::prelude::*;
use leptos::web_sys::DragEvent;

use super::board::BoardState;
use crate::deals::placing::Spot;

#[component]
pub fn StageTabs() -> impl IntoView {
    let state = expect_context::<BoardState>();
    let tab = move |index: usize, name: String, count: u64, controls: String| {
        let on_drop = move |ev: DragEvent| {
            ev.prevent_default();
            if let Some(id) = state.end_drag() {
                state.drop(
                    id,
                    Spot {
                        column: index,
                        index: 0,
                    },
                );
            }
        };
        view! {
            <button
                type="button"
                class="stage-tab"
                class:drop-target=move || state.hovered.get() == Some(index)
                aria-pressed=move || (state.shown.get() == index).to_string()
                aria-controls=controls
                data-testid="stage-tab"
                data-index=index
                on:click=move |_| state.shown.set(index)
                on:dragover=move |ev: DragEvent| {
                    ev.prevent_default();
                    state.hovered.set(Some(index));
                }
                on:drop=on_drop
            >
                {name}
                <span class="stage-tab-count">{count}</span>
            </button>
        }
    };
    let tabs = move || {
        state.columns.with(|columns| {
            columns
                .iter()
                .enumerate()
                .map(|(index, c)| {
                    let controls = format!("stage-{}", c.stage.id);
                    tab(
                        index,
                        state.t.preset(&c.stage.name).to_owned(),
                        c.count,
                        controls,
                    )
                })
                .collect_view()
        })
    };
    let strip = NodeRef::<leptos::html::Nav>::new();
    // The chosen tab comes into the strip's view, however it was chosen (a key, a card
    // carried to the board's edge).
    Effect::new(move || {
        let index = state.shown.get();
        let Some(strip) = strip.get() else { return };
        let Ok(Some(tab)) = strip.query_selector(&format!("[data-index='{index}']")) else {
            return;
        };
        let (outer, inner) = (
            strip.get_bounding_client_rect(),
            tab.get_bounding_client_rect(),
        );
        let off_centre = inner.left() - outer.left() - (outer.width() - inner.width()) / 2.0;
        strip.set_scroll_left(strip.scroll_left() + off_centre as i32);
    });
    view! {
        <nav node_ref=strip class="stage-tabs" aria-label=state.t.board_stages data-testid="stage-tabs">
            {tabs}
        </nav>
    }
}
