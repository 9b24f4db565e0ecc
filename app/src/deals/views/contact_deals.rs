use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::core::policy::{self, Action, Rules};
use crate::customers::views::ContactPanel;
use crate::deals::api::{contact_deals, create_deal};
use crate::deals::pipelines::api::list_pipelines;
use crate::deals::types::{NewDeal, StageKind};
use crate::i18n::format::money;
use crate::i18n::{Locale, use_messages};
use crate::ui::loading::Loading;

/// A contact's deals on their page, and a new one for them two taps away.
#[component]
pub fn ContactDeals(contact_id: Uuid, can_add: bool) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let added = RwSignal::new(0_u32);
    let deals = Resource::new(move || added.get(), move |_| contact_deals(contact_id));
    view! {
        <section class="card" data-testid="contact-deals">
            <h2>{t.deals_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    deals.await.map(|deals| {
                        if deals.is_empty() {
                            return view! { <p class="muted">{t.deals_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="rows">
                                {deals.into_iter().map(|d| view! {
                                    <li>
                                        <a href=format!("/deals/{}", d.id)>{d.title}</a>
                                        <span class="muted">{money(&d.amount, locale)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Loading>
            {can_add.then(|| view! { <AddDeal contact_id added /> })}
        </section>
    }
}

#[component]
fn AddDeal(contact_id: Uuid, added: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let stages = Resource::new(|| (), |_| list_pipelines());
    let (title, amount, stage) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(stage_id) = Uuid::parse_str(&stage.get_untracked()) else {
            return;
        };
        let deal = NewDeal {
            title: title.get_untracked(),
            amount: amount.get_untracked(),
            currency: String::new(),
            stage_id,
            contact_id: Some(contact_id),
            id: None,
        };
        spawn_local(async move {
            match create_deal(deal).await {
                Ok(_) => {
                    title.set(String::new());
                    amount.set(String::new());
                    error.set(None);
                    added.update(|n| *n += 1);
                }
                Err(err) => error.set(Some(t.refusal(&err))),
            }
        });
    };
    view! {
        <form class="quick-add" on:submit=submit data-testid="add-deal">
            <input type="text" required aria-label=t.deal_title_field placeholder=t.deal_title_field
                prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            <input type="text" inputmode="decimal" aria-label=t.deal_amount placeholder=t.deal_amount
                prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
            <Transition>
                {move || Suspend::new(async move {
                    let open: Vec<(Uuid, String)> = stages.await.ok()
                        .and_then(|p| p.into_iter().next())
                        .map(|p| p.stages.into_iter().filter(|s| s.kind == StageKind::Open).map(|s| (s.id, t.preset(&s.name).to_owned())).collect())
                        .unwrap_or_default();
                    if let Some((first, _)) = open.first() {
                        stage.set(first.to_string());
                    }
                    view! {
                        <select aria-label=t.deal_stage on:change=move |ev| stage.set(event_target_value(&ev))>
                            {open.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                    }
                })}
            </Transition>
            {move || error.get().map(|e| view! { <p class="field-errors" role="alert">{e}</p> })}
            <button type="submit" class="button">{t.deal_add}</button>
        </form>
    }
}

/// A contact's deals, as a section of their page.
pub fn contact_deals_section(panel: &ContactPanel) -> AnyView {
    let can_add = policy::allows(&panel.viewer.user, Action::CreateDeal, Rules::default());
    view! { <ContactDeals contact_id=panel.contact.id can_add /> }.into_any()
}
