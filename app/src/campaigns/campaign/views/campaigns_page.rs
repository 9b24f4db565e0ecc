use leptos::prelude::*;

use super::status_label;
use crate::campaigns::campaign::api::list_campaigns;
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// Every campaign, newest first, with how far its sending got.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let t = use_messages();
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    view! {
        <Page title=t.campaigns_title>
            <p><a class="button" href="/campaigns/new">{t.campaign_new}</a></p>
            <Loading>
                {move || Suspend::new(async move {
                    campaigns.await.map(|lines| {
                        if lines.is_empty() {
                            return view! { <p class="empty">{t.campaigns_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows card" data-testid="campaigns">
                                {lines.into_iter().map(|c| {
                                    let sent = c.sent.to_string();
                                    let audience = c.audience.to_string();
                                    let progress = fill(
                                        t.campaign_progress,
                                        &[("sent", sent.as_str()), ("audience", audience.as_str())],
                                    );
                                    view! {
                                        <li class="row">
                                            <div>
                                                <a href=format!("/campaigns/{}", c.id)><strong>{c.name}</strong></a>
                                                <p class="muted">
                                                    {c.segment_name.unwrap_or_else(|| t.campaign_no_segment.to_owned())}
                                                    " · " {progress}
                                                </p>
                                            </div>
                                            <span class="badge">{status_label(t, c.status)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </Loading>
        </Page>
    }
}
