use leptos::prelude::*;

use crate::auth::api::Logout;
use crate::i18n::use_messages;

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
