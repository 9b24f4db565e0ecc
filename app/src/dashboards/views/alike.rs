use leptos::prelude::*;
use uuid::Uuid;

use crate::customers::views::ContactPanel;
use crate::dashboards::api::get_alike;
use crate::i18n::use_messages;
use crate::ui::loading::Loading;

/// The customers most like this contact by what and when they bought, to find more people like
/// a good customer, or to see whom a quiet one resembles.
#[component]
pub fn AlikeCustomers(contact_id: Uuid) -> impl IntoView {
    let t = use_messages();
    // Asked by the browser once the page is up (effects run there only, after hydration):
    // the server sends the page without waiting for it.
    let up = RwSignal::new(false);
    Effect::new(move |_| up.set(true));
    let alike = Resource::new(
        move || up.get().then_some(contact_id),
        |contact| async move {
            match contact {
                Some(contact) => get_alike(contact).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <section class="card" data-testid="alike">
            <h2>{t.alike_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    alike.await.map(|alike| {
                        let Some(alike) = alike else {
                            return view! { <p class="muted">{t.loading}</p> }.into_any();
                        };
                        if alike.is_empty() {
                            return view! { <p class="muted">{t.alike_none}</p> }.into_any();
                        }
                        view! {
                            <p class="muted">{t.alike_hint}</p>
                            <table class="preview">
                                <thead><tr><th>{t.clv_customer}</th><th>{t.alike_distance}</th></tr></thead>
                                <tbody>
                                    {alike.into_iter().map(|a| view! {
                                        <tr>
                                            <td><a href=format!("/contacts/{}", a.customer.id)>{a.customer.name}</a></td>
                                            <td class="number">{format!("{:.3}", a.distance)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    })
                })}
            </Loading>
        </section>
    }
}

/// The customers most alike a contact, as a section of their page.
pub fn alike_section(panel: &ContactPanel) -> AnyView {
    view! { <AlikeCustomers contact_id=panel.contact.id /> }.into_any()
}
