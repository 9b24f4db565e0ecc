use leptos::prelude::*;

use crate::auth::api::Logout;
use crate::i18n::use_messages;
use crate::ui::viewer::use_viewer;

/// Signs out on this device, removes the user's offline copy from it, and goes to the
/// sign-in page.
#[component]
pub fn SignOut() -> impl IntoView {
    let t = use_messages();
    let logout = ServerAction::<Logout>::new();
    let viewer = use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let user = viewer
                .get_untracked()
                .and_then(|v| v.ok().flatten())
                .map(|v| v.user.id);
            crate::core::offline::remember_viewer(None);
            leptos::task::spawn_local(async move {
                #[cfg(feature = "hydrate")]
                if let Some(user) = user {
                    let _ = crate::core::device::forget(user).await;
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = user;
                let _ = window().location().assign("/login");
            });
        }
    });
    view! {
        <ActionForm action=logout>
            <button type="submit" class="link-button">{t.sign_out}</button>
        </ActionForm>
    }
}
