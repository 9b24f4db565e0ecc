use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::auth::api::{Logout, get_viewer};
use crate::auth::policy::{self, Action, Rules};
use crate::auth::types::Viewer;
use crate::error::AppError;
use crate::i18n::use_messages;

/// The signed-in user, loaded once per page load for every screen inside the layout.
pub type ViewerResource = Resource<Result<Option<Viewer>, AppError>>;

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}

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
    let owner = policy::allows(&viewer.user, Action::ManageUsers, Rules::default());
    view! {
        <ul class="nav">
            <NavLink href="/" icon="⌂" label=t.nav_home />
            <NavLink href="/deals" icon="◫" label=t.nav_deals />
            <NavLink href="/contacts" icon="☰" label=t.nav_contacts />
            <NavLink href="/companies" icon="▦" label=t.nav_companies />
            <Show when=move || owner>
                <NavLink href="/users" icon="☺" label=t.nav_users />
                <NavLink href="/settings" icon="⚙" label=t.nav_settings />
            </Show>
            <NavLink href="/account" icon="◉" label=t.nav_account />
        </ul>
        <div class="user-menu">
            <span class="user-name">{viewer.user.name}</span>
            <span class="muted">{viewer.company_name}</span>
            <SignOut />
        </div>
    }
}

/// Signs out on this device and goes to the sign-in page.
#[component]
pub fn SignOut() -> impl IntoView {
    let t = use_messages();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().assign("/login");
        }
    });
    view! {
        <ActionForm action=logout>
            <button type="submit" class="link-button">{t.sign_out}</button>
        </ActionForm>
    }
}

#[component]
fn NavLink(href: &'static str, icon: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <li>
            <A href=href exact=href == "/">
                <span class="nav-icon" aria-hidden="true">{icon}</span>
                <span>{label}</span>
            </A>
        </li>
    }
}
