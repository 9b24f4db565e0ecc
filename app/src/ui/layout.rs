use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_messages;

/// The frame of every screen: a sidebar on wide screens that becomes a bottom bar on phones
/// (the CSS decides, so the markup is the same for both and works before hydration).
#[component]
pub fn AppLayout(children: Children) -> impl IntoView {
    let t = use_messages();
    view! {
        <div class="app">
            <nav class="sidebar" aria-label=t.app_name>
                <a class="brand" href="/">
                    <img src="/icon.svg" alt="" width="28" height="28" />
                    <span>{t.app_name}</span>
                </a>
                <ul class="nav">
                    <li>
                        <A href="/" exact=true>
                            <span class="nav-icon" aria-hidden="true">"⌂"</span>
                            <span>{t.nav_home}</span>
                        </A>
                    </li>
                </ul>
            </nav>
            <main class="content">{children()}</main>
        </div>
    }
}
