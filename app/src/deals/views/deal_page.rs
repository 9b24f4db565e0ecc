use leptos::prelude::*;

use super::KeptDeals;
use crate::core::offline::{Kept, served_or_kept, use_reach};
use crate::core::policy::{self, Action, Owned, Rules};
use crate::customers::history::views::Timeline;
use crate::deals::api::{deal_history, get_deal};
use crate::deals::comments::views::Comments;
use crate::deals::tasks::views::RecordTasks;
use crate::deals::types::{Deal, StageChange, StageKind, days_in_stage};
use crate::error::AppError;
use crate::i18n::format::{datetime, day, money};
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::record_changes::use_record_changes;
use crate::ui::viewer::use_viewer;

/// One deal: what it is worth, where it stands, how it got there, and who the customer is.
#[component]
pub fn DealPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let reach = use_reach();
    let kept = use_context::<KeptDeals>();
    let data = Resource::new(
        move || (id(), reach.back.get()),
        move |(id, _)| {
            let served = async move {
                let id = id.ok_or(AppError::NotFound)?;
                Ok((get_deal(id).await?, deal_history(id).await?))
            };
            // The device keeps the deal, not how it got where it is.
            let offline = kept.zip(id).map(|(k, id)| {
                move || -> Kept<_> {
                    Box::pin(async move { Ok(((k.deal)(id).await?, Vec::new())) })
                }
            });
            served_or_kept(reach, served, offline)
        },
    );
    let viewer = use_viewer();
    let changes_of = use_record_changes();
    view! {
        <Page title=t.deal_title>
            <Loading>
                {move || Suspend::new(async move {
                    let viewer = viewer.await?.ok_or(AppError::Unauthorized)?;
                    let (deal, history) = data.await?;
                    let owned = Owned { owner: deal.owner_id, team: None };
                    let can_edit = policy::allows(&viewer.user, Action::EditDeal(owned), Rules::default());
                    let zone = viewer.time_zone.clone();
                    let (id, contact) = (deal.id, deal.contact_id);
                    if reach.offline.get_untracked() {
                        return Ok(view! {
                            <DealCard deal zone can_edit />
                            <p class="muted">{t.offline_more}</p>
                        }.into_any());
                    }
                    let changes = changes_of.map(|section| section.of("deal", id, &viewer));
                    Ok::<_, AppError>(view! {
                        <DealCard deal zone=zone.clone() can_edit />
                        <RecordTasks deal_id=Some(id) contact_id=None zone=zone.clone() />
                        <Comments deal_id=id zone=zone.clone() />
                        <History history zone />
                        {changes}
                        {contact.map(|contact_id| view! {
                            <h2 class="section-title">{t.deal_contact_history}</h2>
                            <Timeline contact_id viewer can_order=false />
                        })}
                    }.into_any())
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn DealCard(deal: Deal, zone: String, can_edit: bool) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let status = match deal.status {
        StageKind::Open => t.deal_open,
        StageKind::Won => t.deal_won,
        StageKind::Lost => t.deal_lost,
    };
    let days = days_in_stage(deal.stage_entered_at, chrono::Utc::now());
    let facts = [
        (t.deal_amount, Some(money(&deal.amount, locale))),
        (
            t.deal_stage,
            Some(format!(
                "{} ({}%)",
                t.preset(&deal.stage.name),
                deal.stage.probability
            )),
        ),
        (t.deal_status, Some(status.to_owned())),
        (t.deal_reason, deal.close_reason.clone()),
        (
            t.deal_in_stage,
            Some(fill(t.board_days, &[("days", &days.to_string())])),
        ),
        (
            t.deal_expected_close,
            deal.expected_close.map(|d| day(d, locale)),
        ),
        (t.field_owner, deal.owner_name.clone()),
        (
            t.field_created,
            Some(datetime(deal.created_at, &zone, locale)),
        ),
    ];
    let id = deal.id;
    let contact = deal.contact_id.zip(deal.contact_name.clone());
    let company = deal.company_id.zip(deal.company_name.clone());
    view! {
        <section class="card" data-testid="deal">
            <h2>{deal.title.clone()}</h2>
            <div class="actions">
                {can_edit.then(|| view! { <a class="button" href=format!("/deals/{id}/edit")>{t.edit}</a> })}
                <a class="button secondary" href=format!("/deals?pipeline={}", deal.pipeline_id)>{t.deals_back}</a>
                {contact.map(|(id, name)| view! { <a class="button secondary" href=format!("/contacts/{id}")>{name}</a> })}
                {company.map(|(id, name)| view! { <a class="button secondary" href=format!("/companies/{id}")>{name}</a> })}
            </div>
            <dl class="facts">
                {facts
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|v| view! { <dt>{label}</dt><dd>{v}</dd> }))
                    .collect_view()}
            </dl>
        </section>
    }
}

/// Every stage the deal went through, with who moved it and when.
#[component]
fn History(history: Vec<StageChange>, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    view! {
        <section class="card" data-testid="stage-history">
            <h2>{t.deal_stage_history}</h2>
            <ol class="stage-history">
                {history.into_iter().rev().map(|change| {
                    let what = match &change.from {
                        Some(from) => fill(t.deal_moved, &[("from", t.preset(from)), ("to", t.preset(&change.to))]),
                        None => fill(t.deal_created_in, &[("to", t.preset(&change.to))]),
                    };
                    view! {
                        <li>
                            <span>{what}</span>
                            <span class="muted">
                                {change.by.unwrap_or_default()} " · " {datetime(change.at, &zone, locale)}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
