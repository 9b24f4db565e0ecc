use leptos::prelude::*;
use uuid::Uuid;

use super::ticket_line::TicketLine;
use crate::core::policy::{self, Action, Rules};
use crate::customers::views::ContactPanel;
use crate::i18n::use_messages;
use crate::tickets::api::contact_tickets;
use crate::ui::loading::Loading;

/// A customer's tickets on their page, and a way to open one for them.
#[component]
pub fn ContactTickets(contact_id: Uuid, zone: String, can_open: bool) -> impl IntoView {
    let t = use_messages();
    let tickets = Resource::new(move || contact_id, contact_tickets);
    view! {
        <section class="card" data-testid="contact-tickets">
            <h2>{t.tickets_title}</h2>
            <Loading>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move {
                        tickets.await.map(|rows| {
                            if rows.is_empty() {
                                return view! { <p class="muted">{t.tickets_none}</p> }.into_any();
                            }
                            view! {
                                <ul class="rows">
                                    {rows.into_iter().map(|row| view! { <TicketLine row zone=zone.clone() /> }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        })
                    })
                }}
            </Loading>
            {can_open.then(|| view! {
                <a class="button secondary" href=format!("/tickets/new?contact={contact_id}")>{t.ticket_new}</a>
            })}
        </section>
    }
}

/// A contact's tickets, as a section of their page, for those who read tickets.
pub fn contact_tickets_section(panel: &ContactPanel) -> AnyView {
    let user = &panel.viewer.user;
    let see = policy::allows(user, Action::ViewTickets, Rules::default());
    let can_open = policy::allows(user, Action::WorkTickets, Rules::default());
    let (contact_id, zone) = (panel.contact.id, panel.viewer.time_zone.clone());
    see.then(|| view! { <ContactTickets contact_id zone can_open /> })
        .into_any()
}
