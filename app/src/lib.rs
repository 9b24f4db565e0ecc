//! Banyan, the Leptos app: rendered on the server (`ssr`) and hydrated in the browser (`hydrate`).

// The layers, bottom first; each imports only from those above it in this list (the
// layering test in `tests/layers.rs` holds the code to it).
pub mod core;
pub mod error;
pub mod i18n;
pub mod ui;
// The features, each leaning only on the core and the features before it.
pub mod auth;
pub mod backup;
pub mod campaigns;
pub mod customers;
pub mod dashboards;
pub mod deals;
pub mod duplicates;
pub mod notifications;
pub mod privacy;
pub mod saved_views;
pub mod sync;
pub mod system;
pub mod tickets;
pub mod today;
pub mod trail;
pub mod web_forms;
pub mod webhooks;
pub mod workspace;
// The app around them: the frame of every screen, the screens loaded on demand, and the
// fixtures of tests.
pub mod screens;
pub mod shell;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::auth::views::LoginPage;
use crate::customers::views::{ContactPage, ContactSections, ContactsPage};
use crate::deals::tasks::views::TasksPage;
use crate::deals::views::{BoardPage, DealPage};
use crate::i18n::{Locale, use_messages};
use crate::notifications::views::NotificationsPage;
use crate::shell::AppLayout;
use crate::sync::views::SyncPage;
use crate::tickets::views::{InboxPage, TicketPage};
use crate::today::TodayPage;
use crate::ui::app_update::UpdateNotice;
use crate::ui::not_found::NotFoundPage;
use crate::ui::toast::{ToastRegion, provide_toasts};

/// The server functions open to anonymous callers; the server refuses every other one without
/// a session.
pub fn anonymous_paths() -> [&'static str; 12] {
    use leptos::server_fn::ServerFn;
    [
        auth::api::GetLinkHolder::PATH,
        auth::api::AcceptPasswordLink::PATH,
        workspace::api::GetSetupState::PATH,
        workspace::api::SetupWorkspace::PATH,
        auth::api::Login::PATH,
        auth::two_factor::api::LoginCode::PATH,
        auth::two_factor::api::LoginEnrol::PATH,
        ui::language_switch::SetLocale::PATH,
        auth::api::GetViewer::PATH,
        tickets::satisfaction::api::GetSurvey::PATH,
        tickets::satisfaction::api::RateTicket::PATH,
        campaigns::campaign::api::SetSubscription::PATH,
    ]
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = i18n::request_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.ico" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                // The colours of the page's top: style/main.css's accent, and its dark surface.
                <meta name="theme-color" content="#1f7a4d" media="(prefers-color-scheme: light)" />
                <meta name="theme-color" content="#1b211e" media="(prefers-color-scheme: dark)" />
                <HashedStylesheet options=options.clone() />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The whole app: one route per screen, inside the shared layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context::<Locale>(i18n::request_locale());
    provide_toasts();
    core::offline::provide_reach();
    #[cfg(feature = "hydrate")]
    provide_context(deals::views::KeptDeals {
        board: sync::kept::board,
        move_deal: sync::kept::move_deal,
        add_deal: sync::kept::add_deal,
        deal: sync::kept::deal,
        edit_deal: sync::kept::edit_deal,
    });
    #[cfg(feature = "hydrate")]
    provide_context(customers::views::KeptContacts {
        list: sync::kept::contacts,
        contact: sync::kept::contact,
        add: sync::kept::add_contact,
        people: sync::kept::people,
        history: sync::kept::history,
        log: sync::kept::log,
    });
    #[cfg(feature = "hydrate")]
    provide_context(auth::views::LeaveDevice(sync::kept::leave));
    #[cfg(feature = "hydrate")]
    provide_context(today::KeptToday {
        today: sync::kept::today,
    });
    #[cfg(feature = "hydrate")]
    provide_context(deals::tasks::views::KeptTasks {
        mine: sync::kept::my_tasks,
        people: sync::kept::people,
        add: sync::kept::add_task,
        set_done: sync::kept::set_task_done,
    });
    provide_context(ui::record_changes::RecordChanges(
        trail::views::record_history,
    ));
    provide_context(ContactSections {
        actions: &[privacy::views::erase_action],
        below: &[
            deals::views::contact_deals_section,
            deals::tasks::views::contact_tasks_section,
            tickets::views::contact_tickets_section,
            dashboards::views::alike_section,
            duplicates::views::merges_section,
            trail::views::contact_history_section,
        ],
    });
    let t = use_messages();
    // On a weak connection a screen's code and data can take seconds to arrive: a bar across
    // the top says the tap was heard.
    let (routing, set_routing) = signal(false);

    view! {
        <Title text=t.app_name />
        <div class="routing" role="progressbar" aria-label=t.loading hidden=move || !routing.get()></div>
        <Router set_is_routing=set_routing>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/setup") view={Lazy::<screens::Setup>::new()} />
                // Whole before sending: the form must be there for a browser without JavaScript.
                <Route path=path!("/join") view={Lazy::<screens::Join>::new()} ssr=SsrMode::Async />
                <Route path=path!("/rate") view={Lazy::<screens::Rate>::new()} ssr=SsrMode::Async />
                <Route path=path!("/unsubscribe") view={Lazy::<screens::Unsubscribe>::new()} ssr=SsrMode::Async />
                // The navigation waits for the viewer, so that it is there without JavaScript.
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=TodayPage />
                    <Route path=path!("contacts") view=ContactsPage />
                    <Route path=path!("contacts/new") view={Lazy::<screens::NewContact>::new()} />
                    <Route path=path!("contacts/duplicates") view={Lazy::<screens::Duplicates>::new()} />
                    <Route path=path!("contacts/merge") view={Lazy::<screens::Merge>::new()} />
                    <Route path=path!("contacts/:id") view=ContactPage />
                    <Route path=path!("contacts/:id/edit") view={Lazy::<screens::EditContact>::new()} />
                    <Route path=path!("companies") view={Lazy::<screens::Companies>::new()} />
                    <Route path=path!("analytics") view={Lazy::<screens::Value>::new()} />
                    <Route path=path!("analytics/segments") view={Lazy::<screens::Segments>::new()} />
                    <Route path=path!("segments") view={Lazy::<screens::SavedSegments>::new()} />
                    <Route path=path!("campaigns") view={Lazy::<screens::Campaigns>::new()} />
                    <Route path=path!("campaigns/new") view={Lazy::<screens::NewCampaign>::new()} />
                    <Route path=path!("campaigns/:id") view={Lazy::<screens::Campaign>::new()} />
                    <Route path=path!("automation") view={Lazy::<screens::Rules>::new()} />
                    <Route path=path!("automation/new") view={Lazy::<screens::NewRule>::new()} />
                    <Route path=path!("automation/:id") view={Lazy::<screens::Rule>::new()} />
                    <Route path=path!("companies/:id") view={Lazy::<screens::Company>::new()} />
                    <Route path=path!("companies/:id/edit") view={Lazy::<screens::EditCompany>::new()} />
                    <Route path=path!("deals") view=BoardPage />
                    <Route path=path!("deals/pipelines") view={Lazy::<screens::Pipelines>::new()} />
                    <Route path=path!("deals/forecast") view={Lazy::<screens::Forecast>::new()} />
                    <Route path=path!("deals/:id") view=DealPage />
                    <Route path=path!("deals/:id/edit") view={Lazy::<screens::EditDeal>::new()} />
                    <Route path=path!("tasks") view=TasksPage />
                    <Route path=path!("notifications") view=NotificationsPage />
                    <Route path=path!("sync") view=SyncPage />
                    <Route path=path!("tickets") view=InboxPage />
                    <Route path=path!("tickets/new") view={Lazy::<screens::NewTicket>::new()} />
                    <Route path=path!("tickets/canned") view={Lazy::<screens::Canned>::new()} />
                    <Route path=path!("tickets/desk") view={Lazy::<screens::Desk>::new()} />
                    <Route path=path!("tickets/report") view={Lazy::<screens::Report>::new()} />
                    <Route path=path!("tickets/:id") view=TicketPage />
                    <Route path=path!("import") view={Lazy::<screens::Import>::new()} />
                    <Route path=path!("import/:id") view={Lazy::<screens::ImportJob>::new()} />
                    <Route path=path!("users") view={Lazy::<screens::Users>::new()} />
                    <Route path=path!("settings") view={Lazy::<screens::Settings>::new()} />
                    <Route path=path!("audit") view={Lazy::<screens::Audit>::new()} />
                    <Route path=path!("settings/status") view={Lazy::<screens::Status>::new()} />
                    <Route path=path!("settings/webhooks") view={Lazy::<screens::Webhooks>::new()} />
                    <Route path=path!("account") view={Lazy::<screens::Account>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
        <ToastRegion />
        <UpdateNotice />
    }
}

#[cfg(test)]
mod tests;
