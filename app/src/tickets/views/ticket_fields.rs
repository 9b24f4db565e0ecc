use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::i18n::use_messages;
use crate::tickets::api::{UpdateTicket, ticket_agents};
use crate::tickets::types::{Status, Ticket};
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};

/// Status, priority, assignee and tags beside the thread: a form for those who work tickets,
/// plain text for those who only read them.
#[component]
pub fn TicketFields(
    ticket: Ticket,
    can_work: bool,
    update: ServerAction<UpdateTicket>,
) -> impl IntoView {
    let t = use_messages();
    if !can_work {
        let rows = [
            (
                t.ticket_status_field,
                t.ticket_status(ticket.status).to_owned(),
            ),
            (t.ticket_priority, t.priority(ticket.priority).to_owned()),
            (
                t.ticket_assignee,
                ticket.assignee_name.unwrap_or_else(|| t.nobody.to_owned()),
            ),
            (t.ticket_tags, ticket.tags.join(", ")),
        ];
        return view! {
            <section class="card">
                <dl class="facts">
                    {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </section>
        }
        .into_any();
    }
    let answer = answer_of(update);
    let agents = Resource::new(|| (), |_| ticket_agents());
    let from = ticket.status;
    let statuses = Status::ALL
        .iter()
        .filter(|s| from.may_become(**s))
        .map(|s| (s.as_str().to_owned(), t.ticket_status(*s).to_owned()))
        .collect::<Vec<_>>();
    let priorities = t.priority_options();
    let assignee = ticket
        .assignee_id
        .map(|a| a.to_string())
        .unwrap_or_default();
    view! {
        <ActionForm action=update attr:class="card ticket-fields" attr:data-testid="ticket-fields">
            <input type="hidden" name="id" value=ticket.id.to_string() />
            <input type="hidden" name="version" value=ticket.version.to_string() />
            <Select label=t.ticket_status_field name="status" group="patch" scope="ticket" options=statuses selected=from.as_str() errors=errors_of(answer, "status") />
            <Select label=t.ticket_priority name="priority" group="patch" scope="ticket" options=priorities selected=ticket.priority.as_str() errors=errors_of(answer, "priority") />
            <Transition fallback=|| ()>
                {move || {
                    let assignee = assignee.clone();
                    Suspend::new(async move {
                        agents.await.map(|agents| {
                            let options = t.agent_options(agents);
                            view! { <Select label=t.ticket_assignee name="assignee_id" group="patch" scope="ticket" options selected=assignee errors=errors_of(answer, "assignee_id") /> }
                        })
                    })
                }}
            </Transition>
            <Field label=t.ticket_tags name="tags" group="patch" scope="ticket" value=ticket.tags.join(", ") errors=errors_of(answer, "tags") />
            <FormAlert answer />
            <button type="submit" class="button secondary" disabled=update.pending()>{t.save}</button>
        </ActionForm>
    }
    .into_any()
}
