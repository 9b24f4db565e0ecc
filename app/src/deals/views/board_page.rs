use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::KeptDeals;
use super::board::BoardView;
use crate::core::code::TextCode;
use crate::core::offline::{served_or_kept, use_reach};
use crate::core::policy::{self, Action, Rules};
use crate::deals::api::get_board;
use crate::deals::types::{BoardQuery, Whose};
use crate::i18n::use_messages;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

impl BoardQuery {
    /// The filters as the address bar carries them; anything unreadable is left out.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name: &str| {
            param(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        BoardQuery {
            pipeline: param("pipeline").and_then(|id| Uuid::parse_str(&id).ok()),
            whose: param("whose").and_then(|w| Whose::parse(&w)),
            q: param("q").unwrap_or_default(),
            close_from: param("close_from").unwrap_or_default(),
            close_to: param("close_to").unwrap_or_default(),
        }
    }
}

/// The sales board: one column per stage, filtered by whose deals, a search and the expected
/// close. The filters are a plain GET form, so the address bar keeps them.
#[component]
pub fn BoardPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| BoardQuery::from_params(|name| p.get(name))));
    let refresh = RwSignal::new(0_u64);
    let alert = RwSignal::new(None::<String>);
    let shown = RwSignal::new(0);
    let viewer = use_viewer();
    let reach = use_reach();
    let kept = use_context::<KeptDeals>();
    let board = Resource::new(
        move || (query.get(), refresh.get(), reach.back.get()),
        move |(query, _, _)| {
            let served = get_board(query.clone());
            served_or_kept(reach, served, kept.map(|k| move || (k.board)(query)))
        },
    );
    view! {
        <Page title=t.deals_title>
            {move || alert.get().map(|message| view! {
                <div class="alert error" role="alert" data-testid="board-alert">{message}</div>
            })}
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().and_then(|v| v.time_zone.parse().ok()).unwrap_or(chrono_tz::Tz::UTC);
                    board.await.map(|board| {
                        let query = query.get_untracked();
                        view! {
                            <Filters query=query.clone() pipelines=board.pipelines.clone() pipeline=board.pipeline.id whose=board.whose />
                            <BoardView board query refresh alert shown zone />
                        }
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Filters(
    query: BoardQuery,
    pipelines: Vec<(Uuid, String)>,
    pipeline: Uuid,
    whose: Whose,
) -> impl IntoView {
    let t = use_messages();
    let viewer = use_viewer();
    let choices = [
        (Whose::Everyone, t.deals_everyone),
        (Whose::Mine, t.deals_mine),
        (Whose::Team, t.deals_team),
    ];
    // The dates fold away, as a list's filters do, so that a phone sees cards, not a form.
    let dated = [&query.close_from, &query.close_to]
        .iter()
        .filter(|d| !d.is_empty())
        .count();
    let filters_label = match dated {
        0 => t.filters.to_owned(),
        n => format!("{} ({n})", t.filters),
    };
    view! {
        <div class="toolbar">
            <form method="get" action="/deals" class="search" role="search">
                <input type="search" name="q" value=query.q aria-label=t.search placeholder=t.search />
                <button type="submit" class="button secondary">{t.apply}</button>
                {(pipelines.len() > 1).then(|| view! {
                    <label class="sr-only" for="board-pipeline">{t.deals_pipeline}</label>
                    <select id="board-pipeline" name="pipeline">
                        {pipelines.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=id == pipeline>{t.preset(&name).to_owned()}</option>
                        }).collect_view()}
                    </select>
                })}
                <label class="sr-only" for="board-whose">{t.deals_whose}</label>
                <select id="board-whose" name="whose">
                    {choices.into_iter().map(|(w, label)| view! {
                        <option value=w.as_str() selected=w == whose>{label}</option>
                    }).collect_view()}
                </select>
                <details class="filters" open=dated > 0>
                    <summary>{filters_label}</summary>
                    <div class="filter-fields">
                        <div class="field">
                            <label for="board-close-from">{t.deals_close_from}</label>
                            <input id="board-close-from" type="date" name="close_from" value=query.close_from />
                        </div>
                        <div class="field">
                            <label for="board-close-to">{t.deals_close_to}</label>
                            <input id="board-close-to" type="date" name="close_to" value=query.close_to />
                        </div>
                    </div>
                </details>
            </form>
            <a class="button secondary" href=format!("/deals/forecast?pipeline={pipeline}")>{t.forecast_title}</a>
            <Transition>
                {move || Suspend::new(async move {
                    let manage = viewer.await.ok().flatten().is_some_and(|v| {
                        policy::allows(&v.user, Action::ManagePipelines, Rules::default())
                    });
                    manage.then(|| view! {
                        <a class="button secondary" href="/deals/pipelines">{t.pipelines_title}</a>
                    })
                })}
            </Transition>
        </div>
    }
}
