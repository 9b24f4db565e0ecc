use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_location;

use super::badges::{Badges, get_badges};
use crate::auth::api::get_viewer;
use crate::auth::views::SignOut;
use crate::core::actor::Viewer;
use crate::core::offline::{remember_viewer, remembered_viewer, served_or_kept, use_reach};
use crate::core::policy::{self, Action, Rules};
use crate::i18n::use_messages;
use crate::sync::views::{FieldBanner, FieldCopyStatus, keep_field_copy, provide_field_copy};
use crate::ui::viewer::ViewerResource;

/// The frame of every signed-in screen: a sidebar on wide screens that becomes a bottom bar on
/// phones (the CSS decides, so the markup is the same and works before hydration).
#[component]
pub fn AppLayout() -> impl IntoView {
    let t = use_messages();
    let reach = use_reach();
    // Offline, the app opens for whoever was signed in on this device last.
    let viewer: ViewerResource = Resource::new(
        || (),
        move |_| served_or_kept(reach, get_viewer(), Some(remembered_viewer)),
    );
    Effect::new(move |_| {
        if let Some(Ok(signed)) = viewer.get() {
            remember_viewer(signed.as_ref());
        }
    });
    provide_context(viewer);
    provide_field_copy();
    view! {
        <div class="app">
            // The first stop of the Tab key: past the navigation, straight to the screen. The
            // browser follows it (`target`), so that focus moves as well as the view.
            <a class="skip-link" href="#main" target="_self">{t.skip_to_content}</a>
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
            <main class="content" id="main" tabindex="-1">
                <FieldBanner />
                <Outlet />
            </main>
        </div>
    }
}

/// A place in the navigation.
struct Link {
    href: &'static str,
    icon: &'static str,
    label: &'static str,
    badge: Option<Signal<u64>>,
}

/// How many places a phone's bottom bar holds before "More": with it, five, as many as a
/// thumb can tell apart at 375 px.
const IN_BAR: usize = 4;

/// Only what this user can use: user admin and settings are the owner's. A sidebar lists it
/// all; a phone's bar holds the first places and "More" opens the rest, with the account
/// and signing out, above it. A checkbox opens "More", so it works before the app has loaded.
#[component]
fn NavLinks(viewer: Viewer) -> impl IntoView {
    let t = use_messages();
    let badges = use_badges();
    keep_field_copy(viewer.user.id);
    let allows = |action| policy::allows(&viewer.user, action, Rules::default());
    let link = |href, icon, label| Link {
        href,
        icon,
        label,
        badge: None,
    };
    let counted = |href, icon, label, count: fn(&Badges) -> u64| Link {
        badge: Some(Signal::derive(move || count(&badges.get()))),
        ..link(href, icon, label)
    };
    let mut links = vec![
        link("/", "⌂", t.nav_home),
        link("/deals", "◫", t.nav_deals),
        counted("/tasks", "✓", t.nav_tasks, |b| b.tasks_due),
    ];
    if allows(Action::ViewTickets) {
        links.push(counted("/tickets", "✉", t.nav_inbox, |b| b.tickets));
    }
    links.push(link("/contacts", "☰", t.nav_contacts));
    links.push(link("/companies", "▦", t.nav_companies));
    links.push(link("/analytics", "◔", t.nav_value));
    if allows(Action::ManageCampaigns) {
        links.push(link("/campaigns", "✦", t.nav_campaigns));
    }
    if allows(Action::ManageAutomation) {
        links.push(link("/automation", "⚡", t.nav_automation));
    }
    if allows(Action::ManageUsers) {
        links.push(link("/users", "☺", t.nav_users));
        links.push(link("/settings", "⚙", t.nav_settings));
    }
    if allows(Action::ReadAudit) {
        links.push(link("/audit", "⎘", t.nav_audit));
    }
    links.push(counted(
        "/notifications",
        "🔔",
        t.nav_notifications,
        |b| b.unread,
    ));
    links.push(link("/account", "◉", t.nav_account));
    let more = links.split_off(IN_BAR.min(links.len()));
    let waiting: Vec<Signal<u64>> = more.iter().filter_map(|l| l.badge).collect();
    let waiting = Signal::derive(move || waiting.iter().map(|b| b.get()).sum::<u64>());

    // Moving to another screen folds "More" away.
    let toggle = NodeRef::<leptos::html::Input>::new();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(toggle) = toggle.get_untracked() {
            toggle.set_checked(false);
        }
    });
    view! {
        <input type="checkbox" id="nav-more" class="nav-toggle" node_ref=toggle />
        <ul class="nav-sheet">
            {more.into_iter().map(|l| view! { <NavLink link=l /> }).collect_view()}
        </ul>
        <ul class="nav">
            {links.into_iter().map(|l| view! { <NavLink link=l /> }).collect_view()}
            <li class="nav-more">
                <label for="nav-more">
                    <span class="nav-icon" aria-hidden="true">"⋯"</span>
                    <span>{t.nav_more}</span>
                    {move || (waiting.get() > 0).then(|| view! { <span class="nav-badge" data-testid="badge-more">{waiting.get()}</span> })}
                </label>
            </li>
        </ul>
        <div class="user-menu">
            <span class="user-name">{viewer.user.name.clone()}</span>
            <span class="muted">{viewer.company_name.clone()}</span>
            <FieldCopyStatus viewer=viewer.clone() />
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
fn NavLink(link: Link) -> impl IntoView {
    let Link {
        href,
        icon,
        label,
        badge,
    } = link;
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
