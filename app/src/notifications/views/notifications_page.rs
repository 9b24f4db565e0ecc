use leptos::prelude::*;

use crate::i18n::format::datetime;
use crate::i18n::{Locale, fill, use_messages};
use crate::notifications::api::{ReadNotifications, list_notifications};
use crate::notifications::types::{Notification, NotificationKind};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// What teammates want the user to see: mentions, and deals and tickets given to them, the
/// unread marked.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_messages();
    let read = ServerAction::<ReadNotifications>::new();
    let notifications = Resource::new(move || read.version().get(), |_| list_notifications());
    let viewer = use_viewer();
    view! {
        <Page title=t.notifications_title>
            <ActionForm action=read>
                <button type="submit" class="button secondary">{t.notifications_read_all}</button>
            </ActionForm>
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    notifications.await.map(|list| {
                        if list.is_empty() {
                            return view! { <p class="empty">{t.notifications_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows card" data-testid="notifications">
                                {list.into_iter().map(|n| view! { <Entry n zone=zone.clone() /> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Entry(n: Notification, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let who = n.actor_name.clone().unwrap_or_default();
    let what = match n.kind {
        NotificationKind::Mention => fill(t.notification_mention, &[("name", &who)]),
        NotificationKind::Assigned => fill(t.notification_assigned, &[("name", &who)]),
        NotificationKind::TicketAssigned => fill(t.notification_ticket_assigned, &[("name", &who)]),
    };
    let href = match (n.deal_id, n.ticket_id) {
        (Some(deal), _) => format!("/deals/{deal}"),
        (None, Some(ticket)) => format!("/tickets/{ticket}"),
        (None, None) => String::new(),
    };
    view! {
        <li class="row" class:unread=!n.read>
            <a class="row-link" href=href>
                <strong>{what}</strong>
                <span>{n.excerpt}</span>
                <span class="muted">{datetime(n.created_at, &zone, locale)}</span>
            </a>
        </li>
    }
}
