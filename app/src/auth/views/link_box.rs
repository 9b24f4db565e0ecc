use leptos::prelude::*;

use crate::auth::types::PasswordLink;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::copy_box::CopyBox;
use crate::ui::viewer::use_time_zone;

/// A password link ready to hand over, selected whole on a tap so it copies in one go.
#[component]
pub fn LinkBox(link: PasswordLink, name: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let zone = use_time_zone();
    let note = move || {
        let until = datetime(link.expires_at, &zone.get(), locale);
        fill(t.link_ready, &[("name", &name), ("date", &until)])
    };
    view! { <CopyBox note=Signal::derive(note) label=t.user_link value=link.url testid="link" /> }
}
