use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_location;

use super::badges::{Badges, get_badges};
use crate::auth::api::get_viewer;
use crate::auth::views::SignOut;
use crate::core::actor::Viewer;
use crate::core::policy::{self, Action, Rules};
use crate::i18n::use_messages;
use crate::ui::viewer::ViewerResource;

/// The frame of every signed-in screen: a sidebar on wide screens that becomes a bottom bar on
/// phones (the CSS decides, so the markup is the same and works before hydration).
#[component]
pub fn AppLayout() -> impl IntoView {
    let t = use_messages();
    let viewer: ViewerResource = Resource::new(|| (), |_| get_viewer());
    provide_context(viewer);
    view! {
        <div class="app">
            <nav class="sidebar" aria-label=t.nav_label>
                <a class="brand" href="/">
                    <img src="/icon.svg" alt="" width="28" height="28" />
                    <span>{t.app_name}</span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        viewer.await.ok().flatten().map(|viewer| view! { <NavLinks viewer /> })
                    })}
                </Transition>
            </nav>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}

/// Only what this user can use: user admin and settings are the owner's.
#[component]
fn NavLinks(viewer: Viewer) -> impl IntoView {
    let t = use_messages();
    let badges = use_badges();
    let owner = policy::allows(&viewer.user, Action::ManageUsers, Rules::default());
    let tickets = policy::allows(&viewer.user, Action::ViewTickets, Rules::default());
    let campaigns = policy::allows(&viewer.user, Action::ManageCampaigns, Rules::default());
    let automation = policy::allows(&viewer.user, Action::ManageAutomation, Rules::default());
    view! {
        <ul class="nav">
            <NavLink href="/" icon="⌂" label=t.nav_home />
            <NavLink href="/deals" icon="◫" label=t.nav_deals />
            <NavLink href="/tasks" icon="✓" label=t.nav_tasks badge=Signal::derive(move || badges.get().tasks_due) />
            <Show when=move || tickets>
                <NavLink href="/tickets" icon="✉" label=t.nav_inbox badge=Signal::derive(move || badges.get().tickets) />
            </Show>
            <NavLink href="/contacts" icon="☰" label=t.nav_contacts />
            <NavLink href="/companies" icon="▦" label=t.nav_companies />
            <NavLink href="/analytics" icon="◔" label=t.nav_value />
            <Show when=move || campaigns>
                <NavLink href="/campaigns" icon="✦" label=t.nav_campaigns />
            </Show>
            <Show when=move || automation>
                <NavLink href="/automation" icon="⚡" label=t.nav_automation />
            </Show>
            <Show when=move || owner>
                <NavLink href="/users" icon="☺" label=t.nav_users />
                <NavLink href="/settings" icon="⚙" label=t.nav_settings />
            </Show>
            <NavLink href="/notifications" icon="🔔" label=t.nav_notifications badge=Signal::derive(move || badges.get().unread) />
            <NavLink href="/account" icon="◉" label=t.nav_account />
        </ul>
        <div class="user-menu">
            <span class="user-name">{viewer.user.name}</span>
            <span class="muted">{viewer.company_name}</span>
            <SignOut />
        </div>
    }
}

/// Due tasks and unread notifications, asked for again every minute and on every move
/// between screens, so a reminder shows up without a reload. Only the browser asks: the
/// server renders no counts, and hydration starts from none.
fn use_badges() -> Signal<Badges> {
    let location = use_location();
    let badges = RwSignal::new(Badges::default());
    let tick = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let every_minute = set_interval_with_handle(
            move || tick.update(|n| *n = n.wrapping_add(1)),
            std::time::Duration::from_secs(60),
        );
        if let Ok(handle) = every_minute {
            on_cleanup(move || handle.clear());
        }
    });
    Effect::new(move |_| {
        let _ = (location.pathname.get(), tick.get());
        leptos::task::spawn_local(async move {
            if let Ok(now) = get_badges().await {
                badges.set(now);
            }
        });
    });
    badges.into()
}

#[component]
fn NavLink(
    href: &'static str,
    icon: &'static str,
    label: &'static str,
    #[prop(optional, into)] badge: Option<Signal<u64>>,
) -> impl IntoView {
    let count = move || badge.map(|b| b.get()).filter(|n| *n > 0);
    view! {
        <li>
            <A href=href exact=href == "/">
                <span class="nav-icon" aria-hidden="true">{icon}</span>
                <span>{label}</span>
                {move || count().map(|n| view! { <span class="nav-badge" data-testid=format!("badge-{}", href.trim_start_matches('/'))>{n}</span> })}
            </A>
        </li>
    }
}
