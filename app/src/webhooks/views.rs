//! The owner's webhooks page: subscribe a URL to events (the secret shown once, to copy),
//! pause, resume or delete it, and read each one's deliveries with the receiver's answers,
//! sending one again.

use leptos::prelude::*;

use super::api::{
    CreateWebhook, DeleteWebhook, SendDeliveryAgain, SetWebhookActive, list_webhooks,
    webhook_deliveries,
};
use super::types::{Delivery, DeliveryStatus, TOPICS, Webhook};
use crate::core::events::topics;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::copy_box::CopyBox;
use crate::ui::form::{Field, FieldErrors, FormAlert, answer_of, errors_of, successes};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;
use crate::ui::viewer::use_time_zone;

/// What a topic is called on the page; the topic itself stays beside it for the developer.
fn topic_name(t: &'static Messages, topic: &str) -> &'static str {
    match topic {
        topics::CONTACT_CREATED => t.topic_contact_created,
        topics::CONTACT_UPDATED => t.topic_contact_updated,
        topics::CONTACT_MERGED => t.topic_contact_merged,
        topics::CONTACT_ERASED => t.topic_contact_erased,
        topics::CONTACT_UNSUBSCRIBED => t.topic_contact_unsubscribed,
        topics::CONTACT_RESUBSCRIBED => t.topic_contact_resubscribed,
        topics::COMPANY_UPDATED => t.topic_company_updated,
        topics::INTERACTION_CREATED => t.topic_interaction_created,
        topics::ORDER_CREATED => t.topic_order_created,
        topics::ORDER_UPDATED => t.topic_order_updated,
        topics::DEAL_CREATED => t.topic_deal_created,
        topics::DEAL_UPDATED => t.topic_deal_updated,
        topics::DEAL_MOVED => t.topic_deal_moved,
        topics::DEAL_WON => t.topic_deal_won,
        topics::DEAL_LOST => t.topic_deal_lost,
        topics::TICKET_CREATED => t.topic_ticket_created,
        topics::TICKET_UPDATED => t.topic_ticket_updated,
        topics::TICKET_RATED => t.topic_ticket_rated,
        _ => t.trail_kind_other,
    }
}

fn status_name(t: &'static Messages, status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => t.webhook_pending,
        DeliveryStatus::Delivered => t.webhook_delivered,
        DeliveryStatus::Failed => t.webhook_failed,
    }
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let t = use_messages();
    let create = ServerAction::<CreateWebhook>::new();
    let switch = ServerAction::<SetWebhookActive>::new();
    let delete = ServerAction::<DeleteWebhook>::new();
    let again = ServerAction::<SendDeliveryAgain>::new();
    let changed = (successes(create), successes(switch), successes(delete));
    let hooks = Resource::new(
        move || (changed.0.get(), changed.1.get(), changed.2.get()),
        |_| list_webhooks(),
    );
    toast_successes(create, move |_| t.webhook_created.to_owned());
    toast_successes(switch, move |_| t.saved.to_owned());
    toast_successes(delete, move |_| t.webhook_deleted.to_owned());
    toast_successes(again, move |_| t.webhook_sent_again.to_owned());
    view! {
        <Page title=t.webhooks_title>
            <section class="card" data-testid="webhooks">
                <p class="muted">{t.webhooks_hint}</p>
                <FormAlert answer=answer_of(switch) />
                <FormAlert answer=answer_of(delete) />
                <FormAlert answer=answer_of(again) />
                <Loading>
                    {move || Suspend::new(async move {
                        hooks
                            .await
                            .map(|hooks| {
                                if hooks.is_empty() {
                                    view! { <p class="empty">{t.webhooks_empty}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="rows">
                                            {hooks
                                                .into_iter()
                                                .map(|hook| view! { <WebhookRow hook switch delete again /> })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                            })
                    })}
                </Loading>
            </section>
            <AddWebhook create />
        </Page>
    }
}

#[component]
fn AddWebhook(create: ServerAction<CreateWebhook>) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(create);
    let topic_errors = errors_of(answer, "topics");
    let boxes = TOPICS
        .iter()
        .map(|&topic| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("topics[{topic}]") value="on" />
                    <span>{topic_name(t, topic)} " " <code class="muted">{topic}</code></span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t.webhook_add_title}</h2>
            <ActionForm
                action=create
                attr:class="grid-form webhook-form"
                attr:data-testid="add-webhook"
            >
                <Field
                    label=t.webhook_url
                    name="url"
                    kind="url"
                    required=true
                    scope="new-webhook"
                    errors=errors_of(answer, "url")
                />
                <Field
                    label=t.webhook_description
                    name="description"
                    scope="new-webhook"
                    errors=errors_of(answer, "description")
                />
                <fieldset class="field" class:invalid=move || !topic_errors.get().is_empty()>
                    <legend>{t.webhook_events}</legend>
                    <div class="checks">{boxes}</div>
                    <FieldErrors id="new-webhook-topics-error".to_owned() errors=topic_errors />
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="allow_private" value="on" />
                    <span>{t.webhook_allow_private}</span>
                </label>
                <FormAlert answer />
                <button class="button" type="submit" disabled=create.pending()>
                    {t.webhook_add_submit}
                </button>
            </ActionForm>
            {move || {
                answer
                    .get()
                    .and_then(Result::ok)
                    .map(|created| {
                        let note = t.webhook_secret.to_owned();
                        view! {
                            <CopyBox note label=t.webhook_secret value=created.secret testid="webhook-secret" />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn WebhookRow(
    hook: Webhook,
    switch: ServerAction<SetWebhookActive>,
    delete: ServerAction<DeleteWebhook>,
    again: ServerAction<SendDeliveryAgain>,
) -> impl IntoView {
    let t = use_messages();
    let open = RwSignal::new(false);
    let events = hook
        .topics
        .iter()
        .map(|topic| topic_name(t, topic))
        .collect::<Vec<_>>()
        .join(", ");
    let (state, toggle) = if hook.active {
        (t.webhook_active, t.webhook_pause)
    } else {
        (t.webhook_paused, t.webhook_resume)
    };
    let id = hook.id;
    let resent = successes(again);
    let log = Resource::new(
        move || (open.get(), resent.get()),
        move |(open, _)| async move {
            if open {
                webhook_deliveries(id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <li class="row webhook" class:inactive=!hook.active data-testid="webhook">
            <div class="webhook-what">
                <strong class="path">{hook.url}</strong>
                <span class="badge">{state}</span>
                <p>{hook.description}</p>
                <p class="muted">{events}</p>
            </div>
            <div class="actions">
                <ActionForm action=switch>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="active" value=(!hook.active).to_string() />
                    <input type="hidden" name="version" value=hook.version.to_string() />
                    <button type="submit" class="button secondary">{toggle}</button>
                </ActionForm>
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button secondary danger">{t.webhook_delete}</button>
                </ActionForm>
            </div>
            <details
                class="webhook-log"
                prop:open=open
                on:toggle=move |ev| {
                    open.set(event_target::<leptos::web_sys::HtmlDetailsElement>(&ev).open())
                }
            >
                <summary>{t.webhook_deliveries}</summary>
                <Loading>
                    {move || Suspend::new(async move {
                        log.await.map(|log| log.map(|log| view! { <DeliveryLog log again /> }))
                    })}
                </Loading>
            </details>
        </li>
    }
}

#[component]
fn DeliveryLog(log: Vec<Delivery>, again: ServerAction<SendDeliveryAgain>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let zone = use_time_zone();
    if log.is_empty() {
        return view! { <p class="empty">{t.webhook_no_deliveries}</p> }.into_any();
    }
    view! {
        <ul class="rows" data-testid="deliveries">
            {log
                .into_iter()
                .map(|delivery| {
                    let when = datetime(delivery.created_at, &zone.get_untracked(), locale);
                    let tries = fill(t.webhook_attempts, &[("count", &delivery.attempts.to_string())]);
                    let answer = delivery
                        .response_status
                        .map(|code| format!("HTTP {code}"))
                        .unwrap_or_default();
                    let next = (delivery.status == DeliveryStatus::Pending && delivery.attempts > 0)
                        .then(|| {
                            format!(
                                " · {} {}",
                                t.webhook_next_try,
                                datetime(delivery.next_at, &zone.get_untracked(), locale),
                            )
                        });
                    let failed = delivery.status == DeliveryStatus::Failed;
                    view! {
                        <li class="row" data-testid="delivery">
                            <div>
                                <strong>{topic_name(t, &delivery.topic)}</strong>
                                <span class="badge" class:warn=failed>
                                    {status_name(t, delivery.status)}
                                </span>
                                <p class="muted">{when} " · " {tries} {next}</p>
                                <p>{answer}</p>
                                {delivery
                                    .response
                                    .filter(|text| !text.is_empty())
                                    .map(|text| view! { <pre class="webhook-response">{text}</pre> })}
                            </div>
                            <ActionForm action=again>
                                <input type="hidden" name="id" value=delivery.id.to_string() />
                                <button type="submit" class="button secondary">
                                    {t.webhook_send_again}
                                </button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
        .into_any()
}
