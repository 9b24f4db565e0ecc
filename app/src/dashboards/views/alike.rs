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
    // Asked by the browser once the page is up: the page never waits for it.
    let alike = LocalResource::new(move || get_alike(contact_id));
    view! {
        <section class="card" data-testid="alike">
            <h2>{t.alike_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    alike.await.map(|alike| {
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
