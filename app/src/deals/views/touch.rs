//! Long-press drag on touch screens. A finger held still on a card lifts it; a label follows
//! the finger, the column (or on a phone, the stage's tab) beneath lights up, the board
//! scrolls (on a phone, turns to the next stage) when the finger rests at its edge, and
//! lifting the finger drops the card there. A finger that moves sooner scrolls as usual, so
//! the board still pans under a quick swipe.

use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, TouchEvent};
use uuid::Uuid;

use super::board::BoardState;
use super::column::drop_index;
use crate::deals::placing::{self, Spot};
use crate::deals::types::Column;

/// How long a finger rests on a card before it lifts: long enough not to catch a scroll,
/// short enough not to feel stuck (Android's own long press is 400–500 ms).
const HOLD: Duration = Duration::from_millis(400);
/// How far a finger may wander during the hold and still mean "lift" rather than "scroll".
const SLOP_PX: f64 = 10.0;
/// A finger this close to the board's side scrolls it one column after `EDGE_WAIT`.
const EDGE_PX: f64 = 40.0;
const EDGE_WAIT: Duration = Duration::from_millis(600);

/// Where a touch on the board stands.
#[derive(Default)]
pub enum Press {
    #[default]
    Idle,
    Holding {
        id: Uuid,
        from: (f64, f64),
        timer: Option<TimeoutHandle>,
    },
    Dragging {
        id: Uuid,
        before: Vec<Column>,
        at: (f64, f64),
        scrolling: bool,
    },
}

/// The label that follows the finger while a card is lifted.
#[derive(Clone, PartialEq)]
pub struct Ghost {
    pub title: String,
    pub at: (f64, f64),
}

fn point(ev: &TouchEvent) -> Option<(f64, f64)> {
    let touch = ev.changed_touches().get(0)?;
    Some((f64::from(touch.client_x()), f64::from(touch.client_y())))
}

/// The column under a point on screen, with its place on the board.
fn column_at((x, y): (f64, f64)) -> Option<(usize, Element)> {
    let hit = document().element_from_point(x as f32, y as f32)?;
    let column = hit.closest("[data-testid=board-column]").ok()??;
    let index = column.get_attribute("data-index")?.parse().ok()?;
    Some((index, column))
}

/// The stage whose tab is under a point on screen.
fn tab_at((x, y): (f64, f64)) -> Option<usize> {
    let hit = document().element_from_point(x as f32, y as f32)?;
    let tab = hit.closest("[data-testid=stage-tab]").ok()??;
    tab.get_attribute("data-index")?.parse().ok()
}

fn board_element() -> Option<Element> {
    document().query_selector("[data-testid=board]").ok()?
}

/// Puts everything back as if no finger had touched the board.
fn reset(state: BoardState) {
    if let Press::Holding {
        timer: Some(timer), ..
    } = state
        .press
        .try_update_value(std::mem::take)
        .unwrap_or_default()
    {
        timer.clear();
    }
    state.ghost.set(None);
    if state.dragging.get_untracked().is_some() {
        state.dragging.set(None);
    }
    if state.hovered.get_untracked().is_some() {
        state.hovered.set(None);
    }
}

pub fn on_touchstart(state: BoardState, ev: &TouchEvent) {
    reset(state);
    if ev.touches().length() != 1 {
        return;
    }
    let card = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("[data-card]").ok().flatten());
    let Some(id) = card
        .and_then(|c| c.get_attribute("data-card"))
        .and_then(|id| Uuid::parse_str(&id).ok())
    else {
        return;
    };
    let Some(from) = point(ev) else { return };
    let timer = set_timeout_with_handle(move || lift(state, id), HOLD).ok();
    state.press.set_value(Press::Holding { id, from, timer });
}

fn lift(state: BoardState, id: Uuid) {
    let held = state.press.with_value(|p| match p {
        Press::Holding { id, from, .. } => Some((*id, *from)),
        _ => None,
    });
    let Some((held, from)) = held else { return };
    let title = state.columns.with_untracked(|columns| {
        placing::find(columns, id).map(|s| columns[s.column].cards[s.index].title.clone())
    });
    let Some(title) = title.filter(|_| held == id) else {
        return reset(state);
    };
    let _ = window().navigator().vibrate_with_duration(30);
    state.press.set_value(Press::Dragging {
        id,
        before: state.columns.get_untracked(),
        at: from,
        scrolling: false,
    });
    state.dragging.set(Some(id));
    state.ghost.set(Some(Ghost { title, at: from }));
    state.announce.set(state.t.board_picked.to_owned());
}

pub fn on_touchmove(state: BoardState, ev: &TouchEvent) {
    let Some(at) = point(ev) else { return };
    let mut held_from = None;
    let mut dragging = None;
    state.press.update_value(|p| match p {
        Press::Idle => {}
        Press::Holding { from, .. } => held_from = Some(*from),
        Press::Dragging {
            at: now, scrolling, ..
        } => {
            *now = at;
            dragging = Some(*scrolling);
        }
    });
    if let Some(from) = held_from {
        if (at.0 - from.0).hypot(at.1 - from.1) > SLOP_PX {
            reset(state);
        }
    } else if let Some(scrolling) = dragging {
        // Keeps the page from scrolling under the lifted card; this listener is on the
        // board element itself, so the browser lets it cancel the move.
        ev.prevent_default();
        state.ghost.update(|g| {
            if let Some(g) = g {
                g.at = at;
            }
        });
        hover(state, at);
        if !scrolling && at_edge(at).is_some() {
            set_scrolling(state, true);
            set_timeout(move || scroll_at_edge(state), EDGE_WAIT);
        }
    }
}

fn hover(state: BoardState, at: (f64, f64)) {
    let index = column_at(at).map(|(index, _)| index).or_else(|| tab_at(at));
    if state.hovered.get_untracked() != index {
        state.hovered.set(index);
    }
}

/// Which way the board should scroll for a finger at `at`: -1 left, 1 right.
fn at_edge((x, y): (f64, f64)) -> Option<f64> {
    let rect = board_element()?.get_bounding_client_rect();
    if y < rect.top() || y > rect.bottom() {
        None
    } else if x < rect.left() + EDGE_PX {
        Some(-1.0)
    } else if x > rect.right() - EDGE_PX {
        Some(1.0)
    } else {
        None
    }
}

fn set_scrolling(state: BoardState, on: bool) {
    state.press.update_value(|p| {
        if let Press::Dragging { scrolling, .. } = p {
            *scrolling = on;
        }
    });
}

/// Scrolls one column while the finger stays at the edge, and again after another wait.
fn scroll_at_edge(state: BoardState) {
    let at = state.press.with_value(|p| match p {
        Press::Dragging { at, .. } => Some(*at),
        _ => None,
    });
    let Some(at) = at else { return };
    let (Some(way), Some(board)) = (at_edge(at), board_element()) else {
        return set_scrolling(state, false);
    };
    if board.scroll_width() > board.client_width() {
        let step = column_at(at).map_or(f64::from(board.client_width()) * 0.8, |(_, c)| {
            c.get_bounding_client_rect().width()
        });
        board.scroll_by_with_x_and_y(way * step, 0.0);
    } else {
        // A phone shows one stage, and nothing to scroll: the next stage takes its place.
        let last = state.columns.with_untracked(Vec::len).saturating_sub(1);
        state
            .shown
            .update(|shown| *shown = shown.saturating_add_signed(way as isize).min(last));
    }
    // The board snaps to a column, so look again once it has come to rest.
    set_timeout(
        move || {
            hover(state, at);
            scroll_at_edge(state);
        },
        EDGE_WAIT,
    );
}

pub fn on_touchend(state: BoardState, ev: &TouchEvent) {
    let press = state.press.try_update_value(std::mem::take);
    reset(state);
    let Some(Press::Dragging { id, before, .. }) = press else {
        return;
    };
    // No click on the card's link after a drop.
    ev.prevent_default();
    let Some(at) = point(ev) else { return };
    let spot = match (column_at(at), tab_at(at)) {
        (Some((column, element)), _) => Spot {
            column,
            index: drop_index(&element, id, at.1),
        },
        (None, Some(column)) => Spot { column, index: 0 },
        (None, None) => {
            state.announce.set(state.t.board_cancelled.to_owned());
            return;
        }
    };
    if state.place(id, spot).is_some() {
        state.announce.set(state.t.board_dropped.to_owned());
        state.commit(id, before);
    }
}

pub fn on_touchcancel(state: BoardState) {
    reset(state);
}
