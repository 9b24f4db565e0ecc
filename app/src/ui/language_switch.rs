use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::Locale;

/// Switches the language; a signed-in user keeps the choice on every device.
#[server]
pub async fn set_locale(locale: String) -> Result<(), AppError> {
    use crate::core::context;
    let locale = Locale::from_tag(&locale)
        .ok_or_else(|| AppError::invalid("locale", crate::error::Invalid::Choice))?;
    if let Ok(actor) = context::actor() {
        crate::core::users::set_locale(&context::conn()?, &actor, locale).await?;
    }
    context::set_cookie(&crate::i18n::locale_cookie(locale));
    Ok(())
}

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
