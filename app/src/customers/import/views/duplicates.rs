use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::customers::import::types::{DayOrder, ImportKind, MatchKey, OnDuplicate};
use crate::i18n::use_messages;

/// What to do with rows that match a record already there, and how to read dates.
#[component]
pub fn Duplicates(
    kind: ImportKind,
    on_duplicate: RwSignal<OnDuplicate>,
    match_keys: RwSignal<Vec<MatchKey>>,
    day_order: RwSignal<DayOrder>,
) -> impl IntoView {
    let t = use_messages();
    let policies = [
        (OnDuplicate::Skip, t.import_dup_skip),
        (OnDuplicate::Update, t.import_dup_update),
        (OnDuplicate::Create, t.import_dup_create),
    ];
    let keys = [
        (MatchKey::Email, t.import_match_email),
        (MatchKey::Phone, t.import_match_phone),
        (MatchKey::NameCompany, t.import_match_name_company),
    ];
    let orders = [
        (DayOrder::DayFirst, t.import_day_first),
        (DayOrder::MonthFirst, t.import_month_first),
    ];
    view! {
        <fieldset>
            <legend>{t.import_on_duplicate}</legend>
            {policies
                .into_iter()
                .map(|(policy, label)| {
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name="on_duplicate"
                                value=policy.as_str()
                                prop:checked=move || on_duplicate.get() == policy
                                on:change=move |_| on_duplicate.set(policy)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when=move || kind == ImportKind::Contacts>
            <fieldset>
                <legend>{t.import_match_keys}</legend>
                {keys
                    .into_iter()
                    .map(|(key, label)| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    value=key.as_str()
                                    prop:checked=move || match_keys.with(|k| k.contains(&key))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        match_keys.update(|k| {
                                            k.retain(|x| *x != key);
                                            if on {
                                                k.push(key);
                                            }
                                        });
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </Show>
        <Show when=move || kind == ImportKind::Orders>
            <fieldset>
                <legend>{t.import_day_order}</legend>
                {orders
                    .into_iter()
                    .map(|(order, label)| {
                        view! {
                            <label class="check">
                                <input
                                    type="radio"
                                    name="day_order"
                                    prop:checked=move || day_order.get() == order
                                    on:change=move |_| day_order.set(order)
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </Show>
    }
}
