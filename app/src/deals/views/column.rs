use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{DragEvent, Element};
use uuid::Uuid;

use super::board::BoardState;
use super::card::DealCard;
use crate::deals::api::{create_deal, more_cards};
use crate::deals::placing::Spot;
use crate::deals::types::{Column, NewDeal, weighted};
use crate::i18n::fill;
use crate::i18n::format::amounts;

/// Where among a column's other cards a card dropped at height `y` lands.
pub(super) fn drop_index(column: &Element, dragged: Uuid, y: f64) -> usize {
    let Ok(cards) = column.query_selector_all("[data-card]") else {
        return 0;
    };
    let mut index = 0;
    for i in 0..cards.length() {
        let Some(card) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if card.get_attribute("data-card").as_deref() == Some(dragged.to_string().as_str()) {
            continue;
        }
        let rect = card.get_bounding_client_rect();
        if y > rect.top() + rect.height() / 2.0 {
            index += 1;
        }
    }
    index
}

/// One stage: its figures, a quick add at the top, its cards, and more on request. Its cards
/// are keyed by id and version, so a move redraws only the cards that moved, and a card under
/// the pointer stays the same element while the rest of the board changes.
#[component]
pub fn BoardColumn(index: usize) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let (t, locale) = (state.t, state.locale);
    let amount = amounts(state.board.with_value(|b| b.rates.base.clone()), locale);
    let stage = state.columns.with_untracked(|c| c[index].stage.clone());
    let figure = move |read: fn(&Column) -> u64| move || state.columns.with(|c| read(&c[index]));
    let total = {
        let amount = amount.clone();
        move || state.columns.with(|c| amount(c[index].total.minor))
    };
    let weighted_total = {
        let stage = stage.clone();
        move || {
            let total = state.columns.with(|c| c[index].total.minor);
            fill(
                t.board_weighted,
                &[
                    ("amount", &amount(weighted(&stage, total))),
                    ("percent", &stage.probability.to_string()),
                ],
            )
        }
    };
    let unconverted = move || {
        state.columns.with(|c| {
            let missing = &c[index].total.unconverted;
            (!missing.is_empty()).then(|| {
                let text = fill(t.board_unconverted, &[("currencies", &missing.join(", "))]);
                view! { <p class="muted column-unconverted">{text}</p> }
            })
        })
    };
    let on_dragover = move |ev: DragEvent| {
        ev.prevent_default();
        if state.hovered.get_untracked() != Some(index) {
            state.hovered.set(Some(index));
        }
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        let Some(id) = state.end_drag() else { return };
        let Some(target) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        let spot = Spot {
            column: index,
            index: drop_index(&target, id, f64::from(ev.client_y())),
        };
        state.drop(id, spot);
    };
    let heading = format!("column-{}", stage.id);
    let card_stage = stage.clone();
    view! {
        <section
            class="board-column"
            class:drop-target=move || state.hovered.get() == Some(index)
            class:shown=move || state.shown.get() == index
            id=format!("stage-{}", stage.id)
            aria-labelledby=heading.clone()
            data-testid="board-column"
            data-stage=stage.name.clone()
            data-index=index
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <header class="column-head">
                <h2 id=heading.clone()>{t.preset(&stage.name).to_owned()}</h2>
                <p class="column-figures">
                    <span data-testid="column-count">{figure(|c| c.count)}</span>
                    " · "
                    <span data-testid="column-total">{total}</span>
                </p>
                <p class="muted column-weighted">{weighted_total}</p>
                {unconverted}
                <QuickAdd index stage_id=stage.id />
            </header>
            <ol class="column-cards">
                <For
                    each=move || state.columns.with(|c| c[index].cards.clone())
                    // By id alone: the server's answer to a move changes only the card's version,
                    // and redrawing it then would take the keyboard's focus away mid-move.
                    key=|card| card.id
                    let(card)
                >
                    <li><DealCard card stage=card_stage.clone() /></li>
                </For>
            </ol>
            {move || state.columns.with(|c| c[index].more).then(|| view! { <LoadMore index stage_id=stage.id /> })}
        </section>
    }
}

/// Adds a deal at the top of a column with just a title and an amount.
#[component]
fn QuickAdd(index: usize, stage_id: Uuid) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let t = state.t;
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let deal = NewDeal {
            title: title.get_untracked(),
            amount: amount.get_untracked(),
            currency: String::new(),
            stage_id,
            contact_id: None,
            id: None,
        };
        // Offline the deal is added on the device. Decided before sending, not on a failure:
        // a deal the server made but whose answer was lost would be made twice.
        let offline = state.kept.filter(|_| state.reach.working_offline());
        spawn_local(async move {
            let added = match offline {
                Some(kept) => (kept.add_deal)(deal).await,
                None => create_deal(deal).await,
            };
            match added {
                Ok(card) => {
                    let rates = state.board.with_value(|b| b.rates.clone());
                    state.columns.update(|columns| {
                        let column = &mut columns[index];
                        column.count += 1;
                        match rates.to_base(card.amount.minor, &card.amount.currency) {
                            Some(base) => column.total.minor += base,
                            None => column.total.unconverted.push(card.amount.currency.clone()),
                        }
                        column.cards.insert(0, card);
                    });
                    title.set(String::new());
                    amount.set(String::new());
                    error.set(None);
                    open.set(false);
                }
                Err(err) => error.set(Some(t.refusal(&err))),
            }
        });
    };
    view! {
        <button
            type="button"
            class="link-button quick-add-toggle"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {t.board_add}
        </button>
        <Show when=move || open.get()>
            <form class="quick-add" on:submit=submit>
                <input
                    type="text"
                    aria-label=t.deal_title_field
                    placeholder=t.deal_title_field
                    required
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
                <input
                    type="text"
                    inputmode="decimal"
                    aria-label=t.deal_amount
                    placeholder=t.deal_amount
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))
                />
                {move || error.get().map(|e| view! { <p class="field-errors" role="alert">{e}</p> })}
                <button type="submit" class="button">{t.add}</button>
            </form>
        </Show>
    }
}

/// Fetches the next cards of a column.
#[component]
fn LoadMore(index: usize, stage_id: Uuid) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let t = state.t;
    let busy = RwSignal::new(false);
    let load = move |_| {
        let last = state
            .columns
            .with_untracked(|c| c[index].cards.last().map(|c| c.id));
        let Some(after) = last else { return };
        busy.set(true);
        let query = state.query.get_value();
        spawn_local(async move {
            match more_cards(query, stage_id, after).await {
                Ok(more) => state.columns.update(|columns| {
                    columns[index].cards.extend(more.cards);
                    columns[index].more = more.more;
                }),
                Err(err) => state.alert.set(Some(t.error(&err))),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="button secondary load-more" disabled=move || busy.get() on:click=load>
            {t.load_more}
        </button>
    }
}
