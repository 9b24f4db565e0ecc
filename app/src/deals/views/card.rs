use leptos::prelude::*;
use leptos::web_sys::{DragEvent, KeyboardEvent};
use uuid::Uuid;

use super::board::BoardState;
use crate::deals::placing::{self, Spot};
use crate::deals::types::{Card, Stage, days_in_stage, rotting};
use crate::i18n::fill;
use crate::i18n::format::{day, money, when};

/// Gives the keyboard focus back to a card once the board has redrawn it.
fn focus_card(id: Uuid) {
    crate::ui::keys::focus(format!("card-{id}"));
}

/// Keyboard moves: Space picks a card up and puts it down, arrows carry it, Escape puts it
/// back, Enter opens the deal.
fn on_key(state: BoardState, id: Uuid, ev: &KeyboardEvent) {
    let picked = state.picked.with_untracked(|p| p.as_ref().map(|(p, _)| *p)) == Some(id);
    let key = ev.key();
    match key.as_str() {
        " " | "Enter" if picked => {
            ev.prevent_default();
            if let Some((_, before)) = state.picked.get_untracked() {
                state.picked.set(None);
                state.announce.set(state.t.board_dropped.to_owned());
                state.commit(id, before);
                focus_card(id);
            }
        }
        " " => {
            ev.prevent_default();
            state.picked.set(Some((id, state.columns.get_untracked())));
            state.announce.set(state.t.board_picked.to_owned());
        }
        "Enter" => {
            let _ = window().location().assign(&format!("/deals/{id}"));
        }
        "Escape" if picked => {
            if let Some((_, before)) = state.picked.get_untracked() {
                state.picked.set(None);
                state.columns.set(before);
                state.announce.set(state.t.board_cancelled.to_owned());
                focus_card(id);
            }
        }
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" if picked => {
            ev.prevent_default();
            let Some(now) = state.columns.with_untracked(|c| placing::find(c, id)) else {
                return;
            };
            let columns = state.columns.with_untracked(Vec::len);
            let to = match key.as_str() {
                "ArrowLeft" if now.column > 0 => Spot {
                    column: now.column - 1,
                    index: now.index,
                },
                "ArrowRight" if now.column + 1 < columns => Spot {
                    column: now.column + 1,
                    index: now.index,
                },
                "ArrowUp" if now.index > 0 => Spot {
                    column: now.column,
                    index: now.index - 1,
                },
                "ArrowDown" => Spot {
                    column: now.column,
                    index: now.index + 1,
                },
                _ => return,
            };
            state.place(id, to);
            // A phone follows the card to its stage, or the focus would go with it.
            state.shown.set(to.column);
            state.tell_position(id);
            focus_card(id);
        }
        _ => {}
    }
}

/// A deal on the board: what it is worth, whose it is, and how long it has waited.
#[component]
pub fn DealCard(card: Card, stage: Stage) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let (t, locale) = (state.t, state.locale);
    let now = state.board.with_value(|b| b.now);
    let zone = state.zone;
    let id = card.id;
    let days = days_in_stage(card.stage_entered_at, now);
    let rotten = rotting(&stage, card.stage_entered_at, now);
    let picked = move || state.picked.with(|p| p.as_ref().map(|(p, _)| *p)) == Some(id);
    let on_dragstart = move |ev: DragEvent| {
        if let Some(data) = ev.data_transfer() {
            let _ = data.set_data("text/plain", &id.to_string());
            data.set_effect_allowed("move");
        }
        state.dragging.set(Some(id));
    };
    let on_dragend = move |_: DragEvent| {
        state.dragging.set(None);
        state.hovered.set(None);
    };
    let subtitle = [card.company_name.clone(), card.contact_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <article
            id=format!("card-{id}")
            class="deal-card"
            class:rotting=rotten
            class:picked=picked
            class:dragging=move || state.dragging.get() == Some(id)
            tabindex="0"
            draggable="true"
            aria-roledescription=t.board_card_role
            aria-describedby="board-help"
            aria-label=card.title.clone()
            data-card=id.to_string()
            data-testid="deal-card"
            on:dragstart=on_dragstart
            on:dragend=on_dragend
            on:keydown=move |ev| on_key(state, id, &ev)
        >
            <a class="deal-title" href=format!("/deals/{id}") tabindex="-1" draggable="false">{card.title.clone()}</a>
            {(!subtitle.is_empty()).then(|| view! { <p class="muted">{subtitle}</p> })}
            <p class="deal-amount">{money(&card.amount, locale)}</p>
            <p class="deal-meta muted">
                <span>{card.owner_name.clone().unwrap_or_default()}</span>
                <span>{fill(t.board_days, &[("days", &days.to_string())])}</span>
                {card.expected_close.map(|d| view! { <span>{fill(t.board_closes, &[("date", &day(d, locale))])}</span> })}
                {card.next_task.map(|due| view! {
                    <span class:overdue=due < now>{fill(t.board_next_task, &[("date", &when(due, now, zone.name(), locale))])}</span>
                })}
            </p>
            {rotten.then(|| view! { <p class="badge warn">{t.board_rotting}</p> })}
            <button
                type="button"
                class="link-button card-move"
                tabindex="-1"
                aria-label=fill(t.board_move_label, &[("title", &card.title)])
                on:click=move |_| state.sheet.set(Some(id))
            >
                {t.board_move}
            </button>
        </article>
    }
}
