use leptos::prelude::*;

use uuid::Uuid;

use crate::auth::api::Logout;
use crate::core::offline::Kept;
use crate::i18n::use_messages;
use crate::ui::viewer::use_viewer;

/// What signing out leaves of the user's data on this device; the app gives it from the
/// offline feature, which keeps it.
#[derive(Clone, Copy)]
pub struct LeaveDevice(pub fn(Uuid) -> Kept<()>);

/// Signs out on this device, removes the user's offline copy from it, and goes to the
/// sign-in page.
#[component]
pub fn SignOut() -> impl IntoView {
    let t = use_messages();
    let logout = ServerAction::<Logout>::new();
    let viewer = use_viewer();
    let leave = use_context::<LeaveDevice>();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let user = viewer
                .get_untracked()
                .and_then(|v| v.ok().flatten())
                .map(|v| v.user.id);
            crate::core::offline::remember_viewer(None);
            leptos::task::spawn_local(async move {
                if let (Some(user), Some(LeaveDevice(leave))) = (user, leave) {
                    let _ = leave(user).await;
                }
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
