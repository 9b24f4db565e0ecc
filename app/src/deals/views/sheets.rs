//! The two dialogs of the board: the stage list that moves a card without dragging (on
//! phones), and the question why a deal was won or lost.

use leptos::prelude::*;

use super::board::{BoardState, Closing};
use crate::deals::placing::{self, Spot};
use crate::deals::types::StageKind;
use crate::i18n::fill;

/// "Move to stage": every stage of the pipeline as a big button; the card goes to the top.
#[component]
pub fn MoveSheet() -> impl IntoView {
    let state = expect_context::<BoardState>();
    let t = state.t;
    let stages = state.board.with_value(|b| b.pipeline.stages.clone());
    view! {
        {move || state.sheet.get().map(|id| {
            let title = state.columns.with_untracked(|c| {
                placing::find(c, id).map(|s| c[s.column].cards[s.index].title.clone())
            });
            let current = state.columns.with_untracked(|c| placing::find(c, id).map(|s| s.column));
            let close = move |_| state.sheet.set(None);
            view! {
                <div class="sheet-backdrop" on:click=close></div>
                <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="move-sheet-title" data-testid="move-sheet">
                    <h2 id="move-sheet-title">{fill(t.board_move_label, &[("title", &title.unwrap_or_default())])}</h2>
                    <ul class="sheet-options">
                        {stages.iter().enumerate().map(|(column, stage)| {
                            let here = current == Some(column);
                            let name = t.preset(&stage.name).to_owned();
                            let choose = move |_| {
                                state.sheet.set(None);
                                if state.drop(id, Spot { column, index: 0 }) {
                                    state.tell_position(id);
                                }
                            };
                            view! {
                                <li>
                                    <button type="button" class="button secondary" disabled=here on:click=choose>
                                        {name}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button type="button" class="link-button" on:click=close>{t.cancel}</button>
                </div>
            }
        })}
    }
}

/// Asks why a deal was won (optional) or lost (required) before the move is sent.
#[component]
pub fn ReasonDialog() -> impl IntoView {
    let state = expect_context::<BoardState>();
    let t = state.t;
    let reason = RwSignal::new(String::new());
    let cancel = move || {
        if let Some(Closing { before, .. }) = state.closing.get_untracked() {
            state.columns.set(before);
        }
        state.closing.set(None);
        reason.set(String::new());
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(Closing {
            id, mut to, before, ..
        }) = state.closing.get_untracked()
        {
            to.reason = reason.get_untracked();
            state.closing.set(None);
            reason.set(String::new());
            state.send(id, to, before);
        }
    };
    view! {
        {move || state.closing.get().map(|closing| {
            let lost = closing.kind == StageKind::Lost;
            view! {
                <div class="sheet-backdrop"></div>
                <form class="sheet" role="dialog" aria-modal="true" aria-labelledby="reason-title" data-testid="reason-dialog" on:submit=confirm>
                    <h2 id="reason-title">{if lost { t.board_lost_reason } else { t.board_won_reason }}</h2>
                    <input
                        type="text"
                        name="reason"
                        aria-labelledby="reason-title"
                        required=lost
                        maxlength="200"
                        autofocus
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                    <div class="actions">
                        <button type="submit" class="button">{t.save}</button>
                        <button type="button" class="link-button" on:click=move |_| cancel()>{t.cancel}</button>
                    </div>
                </form>
            }
        })}
    }
}
