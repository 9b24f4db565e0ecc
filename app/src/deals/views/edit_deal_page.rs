use leptos::prelude::*;

use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use super::KeptDeals;
use crate::core::offline::{Kept, served_or_kept, use_reach};
use crate::customers::api::list_assignees;
use crate::deals::api::{UpdateDeal, get_deal};
use crate::deals::types::{Deal, DealForm};
use crate::error::AppError;
use crate::i18n::choices::CURRENCIES;
use crate::i18n::format::{day, money};
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{Answer, Field, FormAlert, Select, answer_of, errors_of, save_offline};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;

/// Edits a deal's fields. The form names the version it was filled from, so a save after
/// someone else's shows their values instead of overwriting them.
#[component]
pub fn EditDealPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let update = ServerAction::<UpdateDeal>::new();
    let answer = answer_of(update);
    let reach = use_reach();
    let kept = use_context::<KeptDeals>();
    let data = Resource::new(id, move |id| {
        let served = async move {
            let id = id.ok_or(AppError::NotFound)?;
            Ok((get_deal(id).await?, list_assignees().await?))
        };
        // Offline the owner is not offered: it stays as it is.
        let offline = kept.zip(id).map(|(k, id)| {
            move || -> Kept<_> { Box::pin(async move { Ok(((k.deal)(id).await?, Vec::new())) }) }
        });
        served_or_kept(reach, served, offline)
    });
    let refused = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let save = save_offline(reach, move |posted| {
        let (Some(kept), Ok(id)) = (kept, Uuid::parse_str(&posted.get("id"))) else {
            return false;
        };
        let written = DealForm {
            title: posted.get("form[title]"),
            amount: posted.get("form[amount]"),
            currency: posted.get("form[currency]"),
            expected_close: posted.get("form[expected_close]"),
            company: posted.get("form[company]"),
            owner_id: posted.get("form[owner_id]"),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match (kept.edit_deal)(id, written).await {
                Ok(_) => navigate(&format!("/deals/{id}"), Default::default()),
                Err(err) => refused.set(Some(err)),
            }
        });
        true
    });
    view! {
        <Page title=t.deal_edit>
            <DealConflict answer />
            {move || refused.get().map(|err| view! {
                <div class="alert error" role="alert">{t.refusal(&err)}</div>
            })}
            <section class="card" on:submit:capture=save>
                <Loading>
                    {move || Suspend::new(async move {
                        data.await.map(|(deal, assignees)| {
                            let e = move |field| errors_of(answer, field);
                            let mut owners = vec![(String::new(), t.nobody.to_owned())];
                            owners.extend(assignees.into_iter().map(|a| (a.id.to_string(), a.name)));
                            let currencies: Vec<_> = CURRENCIES.iter().map(|c| (c.code.to_owned(), c.code.to_owned())).collect();
                            let back = format!("/deals/{}", deal.id);
                            let form = DealForm::of(&deal);
                            // Offline only the fields a write of the field carries are offered;
                            // the others go as they are.
                            let offline = reach.offline.get_untracked();
                            view! {
                                <ActionForm action=update>
                                    <input type="hidden" name="id" value=deal.id.to_string() />
                                    <input type="hidden" name="version" value=deal.version.to_string() />
                                    <div class="grid-form">
                                        <Field label=t.deal_title_field name="title" group="form" value=form.title required=true errors=e("title") />
                                        <Field label=t.deal_amount name="amount" group="form" value=form.amount errors=e("amount") />
                                        <Select label=t.deal_currency name="currency" group="form" options=currencies selected=form.currency errors=e("currency") />
                                        <Field label=t.deal_expected_close name="expected_close" group="form" kind="date" value=form.expected_close errors=e("expected_close") />
                                        {if offline {
                                            view! {
                                                <input type="hidden" name="form[company]" value=form.company />
                                                <input type="hidden" name="form[owner_id]" value=form.owner_id />
                                                <p class="muted">{t.offline_edit}</p>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <Field label=t.field_company name="company" group="form" value=form.company errors=e("company") />
                                                <Select label=t.field_owner name="owner_id" group="form" options=owners selected=form.owner_id errors=e("owner_id") />
                                            }.into_any()
                                        }}
                                    </div>
                                    <FormAlert answer />
                                    <div class="actions">
                                        <button class="button" type="submit" disabled=update.pending()>{t.save}</button>
                                        <a href=back>{t.cancel}</a>
                                    </div>
                                </ActionForm>
                            }
                        })
                    })}
                </Loading>
            </section>
        </Page>
    }
}

/// The deal as someone else saved it, shown when an edit arrives too late.
#[component]
fn DealConflict(answer: Answer<Deal>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    move || {
        match answer.get() {
        Some(Err(AppError::Conflict { current })) => serde_json::from_value::<Deal>(current).ok().map(|d| {
            let facts = [
                (t.deal_title_field, Some(d.title)),
                (t.deal_amount, Some(money(&d.amount, locale))),
                (t.deal_stage, Some(t.preset(&d.stage.name).to_owned())),
                (t.deal_expected_close, d.expected_close.map(|e| day(e, locale))),
                (t.field_company, d.company_name),
                (t.field_owner, d.owner_name),
            ];
            view! {
                <div class="alert error" role="alert" data-testid="conflict">
                    <strong>{t.error_conflict}</strong>
                    <p>{t.conflict_current}</p>
                    <dl class="facts">
                        {facts.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value.unwrap_or_default()}</dd> }).collect_view()}
                    </dl>
                    <p>{t.conflict_next}</p>
                </div>
            }
        }),
        _ => None,
    }
    }
}
