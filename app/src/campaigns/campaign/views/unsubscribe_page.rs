//! The public page a campaign mail's unsubscribe link opens.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::campaigns::campaign::api::{SetSubscription, set_subscription};
use crate::campaigns::campaign::types::Subscription;
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::{PublicPage, link_failure};

/// Opening the link is the opt-out, at once and without an account, as the law and mail
/// providers expect; the page then offers to take it back, and to opt out again.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let t = use_messages();
    let token = use_query_map()
        .with_untracked(|q| q.get("t"))
        .unwrap_or_default();
    let change = ServerAction::<SetSubscription>::new();
    let opened = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        |token| async move {
            if token.is_empty() {
                Ok(None)
            } else {
                set_subscription(token, false).await.map(Some)
            }
        },
    );
    view! {
        <PublicPage title=t.unsubscribe_title testid="unsubscribe">
            <Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match opened.await {
                            Ok(Some(first)) => {
                                // What the button answered last, over what opening the link did.
                                let now = move || match change.value().get() {
                                    Some(Ok(changed)) => changed,
                                    _ => first.clone(),
                                };
                                view! { <State now=Signal::derive(now) token change /> }.into_any()
                            }
                            Ok(None) => view! { <p>{t.unsubscribe_preview}</p> }.into_any(),
                            Err(err) => link_failure(t, &err, t.unsubscribe_link_invalid),
                        }
                    })
                }}
            </Loading>
        </PublicPage>
    }
}

/// Whether mail still comes, and the button that turns it around.
#[component]
fn State(
    now: Signal<Subscription>,
    token: String,
    change: ServerAction<SetSubscription>,
) -> impl IntoView {
    let t = use_messages();
    move || {
        let s = now.get();
        let args = [
            ("company", s.company_name.as_str()),
            ("email", s.email.as_str()),
        ];
        let (said, testid, button) = if s.subscribed {
            (t.unsubscribe_back, "subscribed", t.unsubscribe_again)
        } else {
            (
                t.unsubscribe_done,
                "unsubscribed",
                t.unsubscribe_resubscribe,
            )
        };
        let (said, token) = (fill(said, &args), token.clone());
        view! {
            <p class="alert success" role="status" data-testid=testid>{said}</p>
            <ActionForm action=change>
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="subscribed" value=(!s.subscribed).to_string() />
                <button class="button secondary" type="submit" disabled=change.pending()>{button}</button>
            </ActionForm>
        }
    }
}
