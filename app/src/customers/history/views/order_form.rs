use chrono::Utc;
use chrono_tz::Tz;
use leptos::prelude::*;
use uuid::Uuid;

use crate::core::actor::Viewer;
use crate::core::code::TextCode;
use crate::customers::history::api::{AddOrder, get_order_totals};
use crate::customers::history::types::{OrderStatus, OrderTotals};
use crate::i18n::choices::{CURRENCIES, options};
use crate::i18n::format::{date, money};
use crate::i18n::{Locale, use_messages};
use crate::ui::fold::{Fold, fold_when_saved};
use crate::ui::form::{Field, FormAlert, Select, TextArea, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::toast::use_toasts;

/// What the contact has bought so far, and (for those who may edit them) recording an order.
#[component]
pub fn OrdersCard(
    contact_id: Uuid,
    viewer: Viewer,
    can_order: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_messages();
    let totals = Resource::new(move || changed.get(), move |_| get_order_totals(contact_id));
    let zone = StoredValue::new(viewer.time_zone.clone());
    view! {
        <section class="card" data-testid="orders">
            <h2>{t.orders_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    totals.await.map(|totals| view! { <Totals totals zone=zone.get_value() /> })
                })}
            </Loading>
            {can_order.then(|| view! { <AddOrderForm contact_id viewer changed /> })}
        </section>
    }
}

/// A customer's revenue, order count and first and last order.
#[component]
pub fn Totals(totals: OrderTotals, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    if totals.orders == 0 {
        return view! { <p class="empty">{t.totals_none}</p> }.into_any();
    }
    let revenue = totals
        .revenue
        .iter()
        .map(|amount| money(amount, locale))
        .collect::<Vec<_>>()
        .join(" · ");
    let day = |at: Option<chrono::DateTime<Utc>>| at.map(|at| date(at, &zone, locale));
    let facts = [
        (t.totals_revenue, Some(revenue)),
        (t.totals_orders, Some(totals.orders.to_string())),
        (t.totals_first, day(totals.first)),
        (t.totals_last, day(totals.last)),
    ];
    view! {
        <dl class="facts totals">
            {facts
                .into_iter()
                .filter_map(|(label, value)| value.map(|v| view! { <dt>{label}</dt><dd>{v}</dd> }))
                .collect_view()}
        </dl>
    }
    .into_any()
}

#[component]
fn AddOrderForm(contact_id: Uuid, viewer: Viewer, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let toasts = use_toasts();
    let add = ServerAction::<AddOrder>::new();
    let answer = answer_of(add);
    let (open, form) = (RwSignal::new(false), NodeRef::new());
    fold_when_saved(answer, open, form, move || {
        toasts.show(t.order_added);
        changed.update(|n| *n += 1);
    });
    let zone: Tz = viewer.time_zone.parse().unwrap_or(Tz::UTC);
    let statuses: Vec<(String, String)> = OrderStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), t.order_status(*s).to_owned()))
        .collect();
    let today = Utc::now()
        .with_timezone(&zone)
        .format("%Y-%m-%d")
        .to_string();
    view! {
        <Fold label=t.order_add testid="add-order" open>
            <ActionForm action=add node_ref=form attr:class="log-form">
                <input type="hidden" name="contact_id" value=contact_id.to_string() />
                <Field
                    label=t.field_order_number
                    name="number"
                    group="form"
                    hint=t.order_number_hint
                    errors=errors_of(answer, "number")
                />
                <Field
                    label=t.field_order_date
                    name="ordered_on"
                    group="form"
                    kind="date"
                    value=today
                    required=true
                    errors=errors_of(answer, "ordered_on")
                />
                <Field
                    label=t.field_amount
                    name="amount"
                    group="form"
                    required=true
                    errors=errors_of(answer, "amount")
                />
                <Select
                    label=t.field_currency
                    name="currency"
                    group="form"
                    options=options(CURRENCIES, locale)
                    selected=viewer.base_currency
                    errors=errors_of(answer, "currency")
                />
                <Select
                    label=t.field_status
                    name="status"
                    group="form"
                    options=statuses
                    selected="paid"
                    errors=errors_of(answer, "status")
                />
                <TextArea
                    label=t.field_note
                    name="note"
                    group="form"
                    scope="order"
                    errors=errors_of(answer, "note")
                />
                <FormAlert answer />
                <button class="button" type="submit" disabled=add.pending()>
                    {t.save}
                </button>
            </ActionForm>
        </Fold>
    }
}
