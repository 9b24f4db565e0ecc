use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::composer::{COMPOSER, Composer};
use super::due::{DueBadge, ticking};
use super::ticket_fields::TicketFields;
use crate::core::code::TextCode;
use crate::customers::history::views::Timeline;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::tickets::api::{ReplyTicket, UpdateTicket, get_ticket};
use crate::tickets::attachments::views::{AttachmentList, Uploads};
use crate::tickets::satisfaction::views::score_label;
use crate::tickets::types::{Message, MessageKind, Status, Thread, Ticket};
use crate::ui::keys::{focus, shortcuts};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::record_changes::use_record_changes;
use crate::ui::viewer::use_viewer;

/// One ticket: the conversation with the composer under it, and beside it the ticket's
/// fields and the requester with their history and orders. `r` goes to the composer.
#[component]
pub fn TicketPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let reply = ServerAction::<ReplyTicket>::new();
    let update = ServerAction::<UpdateTicket>::new();
    let thread = Resource::new(
        move || (id(), reply.version().get(), update.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_ticket(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    // Live with the page, so that what the agent typed, and whether it is a note, survive
    // the reloads of the thread: a refused reply must not come back as something else.
    let draft = RwSignal::new(String::new());
    let note = RwSignal::new(false);
    let uploads: Uploads = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if matches!(reply.value().get(), Some(Ok(_))) {
            draft.set(String::new());
            note.set(false);
            uploads.set(Vec::new());
        }
    });
    let viewer = use_viewer();
    let changes_of = use_record_changes();
    shortcuts(|key, ev| {
        if key == "r" {
            ev.prevent_default();
            focus(COMPOSER.to_owned());
        }
    });
    view! {
        <Page title=t.ticket_title>
            <Loading>
                {move || Suspend::new(async move {
                    let viewer = viewer.await.ok().flatten();
                    thread.await.map(|thread| {
                        let zone = viewer.as_ref().map(|v| v.time_zone.clone()).unwrap_or_default();
                        let contact_id = thread.ticket.contact_id;
                        view! {
                            <div class="ticket-layout">
                                <section class="ticket-main">
                                    <Heading thread=thread.clone() />
                                    <Messages messages=thread.messages.clone() zone=zone.clone() emailed=thread.ticket.contact_email.is_some() />
                                    {thread.can_work.then(|| view! { <Composer thread=thread.clone() reply draft note uploads /> })}
                                </section>
                                <aside class="ticket-side">
                                    <Targets ticket=thread.ticket.clone() now=ticking(thread.now) zone=zone.clone() />
                                    <Satisfaction ticket=thread.ticket.clone() />
                                    <TicketFields ticket=thread.ticket.clone() can_work=thread.can_work update />
                                    {viewer.as_ref().zip(changes_of).map(|(v, section)| section.of("ticket", thread.ticket.id, v))}
                                    {viewer.map(|viewer| view! { <Timeline contact_id viewer can_order=false /> })}
                                </aside>
                            </div>
                        }
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Heading(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let ticket = thread.ticket;
    let requester = [
        Some(ticket.contact_name),
        ticket.contact_email,
        ticket.company_name,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <header class="ticket-head">
            <h2 data-testid="ticket-subject">{format!("#{} {}", ticket.number, ticket.subject)}</h2>
            <p class="muted">
                <a href=format!("/contacts/{}", ticket.contact_id)>{requester}</a>
                " · " {t.channel(ticket.channel)}
                {ticket.order_number.map(|n| view! { " · " {t.ticket_order} " " {n} })}
            </p>
            <p>
                <span class=format!("badge status-{}", ticket.status.as_str()) data-testid="ticket-status">{t.ticket_status(ticket.status)}</span>
                " "
                <span class=format!("badge priority-{}", ticket.priority.as_str())>{t.priority(ticket.priority)}</span>
            </p>
        </header>
    }
}

/// The ticket's service-level targets: when each falls due, whether it was met, and a
/// countdown to the one running now.
#[component]
fn Targets(ticket: Ticket, now: Signal<DateTime<Utc>>, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let line = |label: &'static str, due: Option<DateTime<Utc>>, done: Option<DateTime<Utc>>| {
        let due = due?;
        let verdict = done.map(|done| if done <= due { t.sla_met } else { t.sla_missed });
        Some(view! {
            <dt>{label}</dt>
            <dd>
                {datetime(due, &zone, locale)}
                {verdict.map(|v| view! { " · " <strong>{v}</strong> })}
            </dd>
        })
    };
    let waiting = ticket.status == Status::Pending;
    view! {
        <section class="card" data-testid="sla">
            <h2>{t.sla_title}</h2>
            <p>
                <DueBadge due=ticket.due now />
                {waiting.then(|| view! { <span class="muted">{t.sla_waiting}</span> })}
            </p>
            <dl class="facts">
                {line(t.sla_first_response, ticket.first_response_due_at, ticket.first_response_at)}
                {line(t.sla_resolution, ticket.resolve_due_at, ticket.solved_at)}
            </dl>
        </section>
    }
}

/// The requester's rating, once they gave one from the mailed link.
#[component]
fn Satisfaction(ticket: Ticket) -> impl IntoView {
    let t = use_messages();
    let rated = ticket.satisfaction.map(|score| {
        let comment = ticket.satisfaction_comment.clone();
        view! {
            <p>
                <strong data-testid="satisfaction-score">{format!("{score} / 5")}</strong>
                " · " {score_label(t, score)}
            </p>
            {comment.map(|c| view! { <blockquote class="message-body">{c}</blockquote> })}
        }
    });
    let solved = matches!(ticket.status, Status::Solved | Status::Closed);
    (rated.is_some() || solved).then(|| {
        view! {
            <section class="card" data-testid="satisfaction">
                <h2>{t.ticket_satisfaction}</h2>
                {match rated {
                    Some(rated) => rated.into_any(),
                    None => view! { <p class="muted">{t.ticket_not_rated}</p> }.into_any(),
                }}
            </section>
        }
    })
}

/// The conversation, oldest first; internal notes look unlike anything the customer sees.
/// A public reply says whether it has gone out by email yet, when the requester has an address.
#[component]
fn Messages(messages: Vec<Message>, zone: String, emailed: bool) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    view! {
        <ol class="thread" data-testid="thread">
            {messages.into_iter().map(|m| {
                let label = match m.kind {
                    MessageKind::Incoming => t.message_incoming,
                    MessageKind::Reply => t.message_reply,
                    MessageKind::Note => t.message_note,
                };
                view! {
                    <li class=format!("message {}", m.kind.as_str()) data-testid="message" data-kind=m.kind.as_str()>
                        <p class="message-meta">
                            <strong>{m.author}</strong>
                            " · " <span>{label}</span>
                            " · " <time>{datetime(m.created_at, &zone, locale)}</time>
                            {(emailed && m.kind == MessageKind::Reply).then(|| {
                                let (class, text) = match m.sent_at {
                                    Some(_) => ("delivery sent", t.message_sent),
                                    None => ("delivery waiting", t.message_waiting),
                                };
                                view! { " · " <span class=class data-testid="delivery">{text}</span> }
                            })}
                        </p>
                        <div class="message-body">{m.body}</div>
                        <AttachmentList files=m.attachments />
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
