use leptos::prelude::*;

use crate::auth::api::{RevokeSession, list_sessions};
use crate::auth::types::SessionInfo;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::ui::loading::Loading;
use crate::ui::viewer::use_viewer;

/// Every device the user is signed in on, with a way to sign any other one out.
#[component]
pub fn SessionsList() -> impl IntoView {
    let t = use_messages();
    let revoke = ServerAction::<RevokeSession>::new();
    let sessions = Resource::new(move || revoke.version().get(), |_| list_sessions());
    let viewer = use_viewer();
    view! {
        <section class="card">
            <h2>{t.sessions_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    let zone = viewer.await?.map(|v| v.time_zone).unwrap_or_default();
                    let sessions = sessions.await?;
                    Ok::<_, crate::error::AppError>(view! {
                        <ul class="rows" data-testid="sessions">
                            {sessions
                                .into_iter()
                                .map(|s| view! { <SessionRow session=s zone=zone.clone() revoke /> })
                                .collect_view()}
                        </ul>
                    })
                })}
            </Loading>
        </section>
    }
}

#[component]
fn SessionRow(
    session: SessionInfo,
    zone: String,
    revoke: ServerAction<RevokeSession>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let device = describe(session.user_agent.as_deref().unwrap_or_default());
    let last_seen = datetime(session.last_seen_at, &zone, locale);
    view! {
        <li class="row">
            <div>
                <strong>{device}</strong>
                {session.current.then(|| view! { <span class="badge">{t.session_current}</span> })}
                {session
                    .new_device
                    .then(|| view! { <span class="badge warn">{t.session_new_device}</span> })}
                <p class="muted">
                    {session.ip.unwrap_or_default()} " · " {t.session_last_seen} " " {last_seen}
                </p>
            </div>
            {(!session.current)
                .then(|| {
                    view! {
                        <ActionForm action=revoke>
                            <input type="hidden" name="id" value=session.id.to_string() />
                            <button type="submit" class="button secondary">{t.session_revoke}</button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}

/// "Chrome on Android" from a User-Agent header: enough to recognise one's own devices.
fn describe(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("MicroMessenger", "WeChat"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map_or("Browser", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} · {system}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn names_common_browsers_and_systems() {
        let android =
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(describe(android), "Chrome · Android");
        let wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0";
        assert_eq!(describe(wechat), "WeChat · iOS");
        assert_eq!(describe(""), "Browser");
    }
}
