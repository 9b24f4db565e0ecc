use leptos::prelude::*;
use uuid::Uuid;

use crate::campaigns::campaign::api::{TestSendCampaign, campaign_sample, preview_campaign};
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;

/// The campaign as one member of its segment would get it (chosen from the first few), and a
/// test send of exactly that to the user's own address.
#[component]
pub fn PreviewPanel(id: Uuid, version: i32) -> impl IntoView {
    let t = use_messages();
    let chosen = RwSignal::new(None::<Uuid>);
    let sample = Resource::new(move || (id, version), |(id, _)| campaign_sample(id));
    let preview = Resource::new(
        move || (id, version, chosen.get()),
        |(id, _, contact)| preview_campaign(id, contact),
    );
    let test = ServerAction::<TestSendCampaign>::new();
    let tested = move || matches!(test.value().get(), Some(Ok(())));
    view! {
        <section class="card" data-testid="campaign-preview">
            <h2>{t.campaign_preview}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    let sample = sample.await.unwrap_or_default();
                    if sample.is_empty() {
                        return view! { <p class="empty">{t.campaign_preview_nobody}</p> }.into_any();
                    }
                    let preview = preview.await;
                    view! {
                        <div class="field">
                            <label for="preview-as">{t.campaign_preview_as}</label>
                            <select id="preview-as" on:change=move |ev| chosen.set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                                {sample.into_iter().map(|(contact, name)| {
                                    let selected = chosen.get_untracked() == Some(contact);
                                    view! { <option value=contact.to_string() selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        {match preview {
                            Ok(p) => {
                                let empty = (!p.empty_fields.is_empty()).then(|| {
                                    let fields = p.empty_fields.join(" ");
                                    fill(t.campaign_preview_empty, &[("name", &p.to_name), ("fields", &fields)])
                                });
                                view! {
                                <p><strong>{t.campaign_to} ": "</strong> {p.to_name} " " {p.to_email.map(|e| format!("<{e}>"))}</p>
                                {empty.map(|warning| view! {
                                    <p class="alert warning" role="status" data-testid="preview-empty">{warning}</p>
                                })}
                                <p data-testid="preview-subject"><strong>{t.campaign_subject} ": "</strong> {p.subject}</p>
                                {(!p.html.is_empty()).then(|| view! {
                                    <iframe class="mail-preview" sandbox="" title=t.campaign_html srcdoc=p.html></iframe>
                                })}
                                <pre class="message-body" data-testid="preview-text">{p.text}</pre>
                            }.into_any()
                            }
                            Err(err) => view! { <p class="alert error" role="alert">{t.error(&err)}</p> }.into_any(),
                        }}
                        <button
                            type="button"
                            class="button secondary"
                            disabled=test.pending()
                            on:click=move |_| {
                                test.dispatch(TestSendCampaign { id, contact: chosen.get_untracked() });
                            }
                        >
                            {t.campaign_test_send}
                        </button>
                        <Show when=tested>
                            <p class="alert success" role="status">{t.campaign_test_sent}</p>
                        </Show>
                    }
                    .into_any()
                })}
            </Loading>
        </section>
    }
}
