//! The board's state in the browser: cards move at once, the server confirms, and a refused
//! move puts the card back and says why.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::KeptDeals;
use super::column::BoardColumn;
use super::sheets::{MoveSheet, ReasonDialog};
use super::stage_tabs::StageTabs;
use super::touch::{self, Ghost, Press};
use crate::core::offline::{Reach, served_or_kept, use_reach};
use crate::deals::api::move_deal;
use crate::deals::placing::{self, Spot};
use crate::deals::types::{Board, BoardQuery, Column, Deal, Move, StageKind};
use crate::error::AppError;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::toast::{Toasts, use_toasts};

/// A move waiting for the reason a deal was won or lost.
#[derive(Clone)]
pub struct Closing {
    pub id: Uuid,
    pub to: Move,
    pub kind: StageKind,
    pub before: Vec<Column>,
}

/// Everything the columns, cards and dialogs of one board share.
#[derive(Clone, Copy)]
pub struct BoardState {
    pub columns: RwSignal<Vec<Column>>,
    pub board: StoredValue<Board>,
    pub query: StoredValue<BoardQuery>,
    /// The card being dragged with the mouse, and the column it hovers.
    pub dragging: RwSignal<Option<Uuid>>,
    pub hovered: RwSignal<Option<usize>>,
    /// A finger on the board, and the label that follows it while it carries a card.
    pub press: StoredValue<Press>,
    pub ghost: RwSignal<Option<Ghost>>,
    /// The one stage a phone shows (the board's place on screens too narrow for all).
    pub shown: RwSignal<usize>,
    /// The card picked up with the keyboard, with the board as it was before.
    pub picked: RwSignal<Option<(Uuid, Vec<Column>)>>,
    /// What screen readers hear about moves.
    pub announce: RwSignal<String>,
    /// A refused move, in words.
    pub alert: RwSignal<Option<String>>,
    pub sheet: RwSignal<Option<Uuid>>,
    pub closing: RwSignal<Option<Closing>>,
    pub refresh: RwSignal<u64>,
    /// Where a move goes when the server cannot be reached.
    pub reach: Reach,
    pub kept: Option<KeptDeals>,
    pub toasts: Toasts,
    pub t: &'static Messages,
    pub locale: Locale,
    /// The reader's time zone, for the due times on cards.
    pub zone: chrono_tz::Tz,
}

impl BoardState {
    pub fn stage_kind(self, stage: Uuid) -> StageKind {
        self.board.with_value(|b| {
            b.pipeline
                .stages
                .iter()
                .find(|s| s.id == stage)
                .map_or(StageKind::Open, |s| s.kind)
        })
    }

    /// Puts a card at `to` on screen; `None` when there is no such card.
    pub fn place(self, id: Uuid, to: Spot) -> Option<Move> {
        let (rates, now) = self.board.with_value(|b| (b.rates.clone(), b.now));
        let mut moved = None;
        self.columns.update(|columns| {
            let from = placing::find(columns, id).map(|s| s.column);
            moved = placing::place(columns, &rates, id, to);
            // A card in a new stage has just entered it, as the server will say.
            if let Some(s) = placing::find(columns, id).filter(|s| Some(s.column) != from) {
                columns[s.column].cards[s.index].stage_entered_at = now;
            }
        });
        moved
    }

    /// Puts a card dropped at `to` there and sends the move; false when there is no such card.
    pub fn drop(self, id: Uuid, to: Spot) -> bool {
        let before = self.columns.get_untracked();
        let placed = self.place(id, to).is_some();
        if placed {
            self.commit(id, before);
        }
        placed
    }

    /// Ends a mouse drag on a drop target: the card it carried, if any.
    pub fn end_drag(self) -> Option<Uuid> {
        self.hovered.set(None);
        let id = self.dragging.get_untracked()?;
        self.dragging.set(None);
        Some(id)
    }

    /// Sends a move already shown on screen; `before` is the board as it was, to go back to.
    /// A move into a won or lost stage first asks why.
    pub fn commit(self, id: Uuid, before: Vec<Column>) {
        let Some(to) = self.columns.with_untracked(|c| placing::placed(c, id)) else {
            return;
        };
        let from = placing::find(&before, id).map(|s| before[s.column].stage.id);
        let kind = self.stage_kind(to.stage_id);
        if from == Some(to.stage_id) || kind == StageKind::Open {
            self.send(id, to, before);
        } else {
            self.closing.set(Some(Closing {
                id,
                to,
                kind,
                before,
            }));
        }
    }

    pub fn send(self, id: Uuid, to: Move, before: Vec<Column>) {
        let (t, locale) = (self.t, self.locale);
        let version = placing::find(&before, id)
            .map(|s| before[s.column].cards[s.index].version)
            .unwrap_or_default();
        self.alert.set(None);
        // Where the card was, to take a move to another stage back.
        let back = placing::find(&before, id).filter(|s| before[s.column].stage.id != to.stage_id);
        let stage = self.columns.with_untracked(|columns| {
            columns
                .iter()
                .find(|c| c.stage.id == to.stage_id)
                .map(|c| t.preset(&c.stage.name).to_owned())
        });
        let kept = self.kept.map(|k| {
            let to = to.clone();
            move || (k.move_deal)(id, version, to)
        });
        let sent = served_or_kept(self.reach, move_deal(id, version, to.clone()), kept);
        spawn_local(async move {
            match sent.await {
                Ok(card) => {
                    // Picked up again before the answer came, the card's way back and its next
                    // move must know its new version, or that move would be refused as stale.
                    self.picked.update(|picked| {
                        if let Some((_, before)) = picked
                            && let Some(s) = placing::find(before, id)
                        {
                            before[s.column].cards[s.index] = card.clone();
                        }
                    });
                    self.columns.update(|columns| {
                        if let Some(s) = placing::find(columns, id) {
                            columns[s.column].cards[s.index] = card;
                        }
                    });
                    if let (Some(back), Some(stage)) = (back, stage) {
                        let moved = fill(t.board_moved, &[("stage", &stage)]);
                        self.toasts
                            .show_undoable(moved, move || self.take_back(id, back));
                    }
                }
                Err(err) => {
                    self.columns.set(before);
                    let message = refusal(t, locale, &err);
                    self.announce.set(message.clone());
                    self.alert.set(Some(message));
                    if matches!(err, AppError::Conflict { .. }) {
                        self.refresh.update(|n| *n += 1);
                    }
                }
            }
        });
    }

    /// Puts a card back at `spot`, and tells the server as for any move; nothing once the
    /// board is gone (the toast outlives it by a few seconds).
    fn take_back(self, id: Uuid, spot: Spot) {
        let Some(now) = self.columns.try_get_untracked() else {
            return;
        };
        if self.place(id, spot).is_some() {
            self.commit(id, now);
        }
    }

    /// Says where a card is now, for screen readers.
    pub fn tell_position(self, id: Uuid) {
        let t = self.t;
        let told = self.columns.with_untracked(|columns| {
            let spot = placing::find(columns, id)?;
            let column = &columns[spot.column];
            Some(fill(
                t.board_moved_to,
                &[
                    ("stage", t.preset(&column.stage.name)),
                    ("position", &(spot.index + 1).to_string()),
                    ("count", &column.cards.len().to_string()),
                ],
            ))
        });
        if let Some(told) = told {
            self.announce.set(told);
        }
    }
}

/// What went wrong with a move, and for a conflict, what the deal is now.
fn refusal(t: &'static Messages, locale: Locale, err: &AppError) -> String {
    match err {
        AppError::Conflict { current } => match serde_json::from_value::<Deal>(current.clone()) {
            Ok(deal) => fill(
                t.board_conflict,
                &[
                    ("title", &deal.title),
                    ("stage", t.preset(&deal.stage.name)),
                    ("amount", &crate::i18n::format::money(&deal.amount, locale)),
                    ("owner", deal.owner_name.as_deref().unwrap_or(t.nobody)),
                ],
            ),
            Err(_) => t.error(err),
        },
        other => t.refusal(other),
    }
}

/// The columns of one pipeline, with drag and drop, keyboard moves and the move sheet.
#[component]
pub fn BoardView(
    board: Board,
    zone: chrono_tz::Tz,
    query: BoardQuery,
    refresh: RwSignal<u64>,
    /// Live with the page, so that a refusal stays in view and a phone stays on its stage
    /// while the board reloads.
    alert: RwSignal<Option<String>>,
    shown: RwSignal<usize>,
) -> impl IntoView {
    let t = use_messages();
    if shown.get_untracked() >= board.columns.len() {
        shown.set(0);
    }
    let state = BoardState {
        columns: RwSignal::new(board.columns.clone()),
        board: StoredValue::new(board),
        query: StoredValue::new(query),
        dragging: RwSignal::new(None),
        hovered: RwSignal::new(None),
        press: StoredValue::new(Press::Idle),
        ghost: RwSignal::new(None),
        shown,
        picked: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        alert,
        sheet: RwSignal::new(None),
        toasts: use_toasts(),
        closing: RwSignal::new(None),
        refresh,
        reach: use_reach(),
        kept: use_context::<KeptDeals>(),
        t,
        locale: use_context::<Locale>().unwrap_or_default(),
        zone,
    };
    provide_context(state);
    // A board's stages stay as they came; their cards and figures follow the columns.
    let columns = (0..state.columns.with_untracked(Vec::len))
        .map(|index| view! { <BoardColumn index /> })
        .collect_view();
    view! {
        <p id="board-help" class="sr-only">{t.board_help}</p>
        <div class="sr-only" aria-live="assertive" data-testid="board-announce">{move || state.announce.get()}</div>
        <StageTabs />
        <div
            class="board"
            data-testid="board"
            on:touchstart=move |ev| touch::on_touchstart(state, &ev)
            on:touchmove=move |ev| touch::on_touchmove(state, &ev)
            on:touchend=move |ev| touch::on_touchend(state, &ev)
            on:touchcancel=move |_| touch::on_touchcancel(state)
            on:contextmenu=move |ev| {
                // A long press would otherwise open the browser's menu for the card's link.
                if state.press.with_value(|p| !matches!(p, Press::Idle)) {
                    ev.prevent_default();
                }
            }
        >
            {columns}
        </div>
        {move || state.ghost.get().map(|Ghost { title, at: (x, y) }| view! {
            <div class="touch-ghost" aria-hidden="true" data-testid="touch-ghost" style=format!("left:{x}px;top:{y}px")>
                {title}
            </div>
        })}
        <MoveSheet />
        <ReasonDialog />
    }
}
