use leptos::prelude::*;

use crate::auth::api::SetLocale;
use crate::i18n::Locale;

/// A button per language, each named in itself; works without JavaScript.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = use_context::<Locale>().unwrap_or_default();
    let switch = ServerAction::<SetLocale>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = switch.value().get() {
            let _ = window().location().reload();
        }
    });
    view! {
        <ActionForm action=switch attr:class="language-switch">
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <button
                            type="submit"
                            name="locale"
                            value=locale.tag()
                            class="link-button"
                            aria-pressed=(locale == current).to_string()
                            lang=locale.tag()
                        >
                            {locale.own_name()}
                        </button>
                    }
                })
                .collect_view()}
        </ActionForm>
    }
}
