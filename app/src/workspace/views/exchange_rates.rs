use leptos::prelude::*;

use crate::i18n::choices::CURRENCIES;
use crate::i18n::{fill, use_messages};
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::workspace::api::{RemoveRate, SaveRate, list_rates};

/// The rates that turn deals in other currencies into the base currency for every total.
#[component]
pub fn ExchangeRates(base_currency: String) -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveRate>::new();
    let remove = ServerAction::<RemoveRate>::new();
    let rates = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_rates(),
    );
    let answer = answer_of(save);
    let currencies: Vec<(String, String)> = CURRENCIES
        .iter()
        .filter(|c| c.code != base_currency)
        .map(|c| (c.code.to_owned(), c.code.to_owned()))
        .collect();
    let hint = fill(t.rates_hint, &[("base", &base_currency)]);
    view! {
        <section class="card" data-testid="exchange-rates">
            <h2>{t.rates_title}</h2>
            <p class="muted">{hint}</p>
            <Loading>
                {move || Suspend::new(async move {
                    rates.await.map(|rates| view! {
                        <ul class="rows">
                            {rates.into_iter().map(|r| view! {
                                <li>
                                    <span>{format!("1 {} = {}", r.currency, r.rate)}</span>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="currency" value=r.currency />
                                        <button type="submit" class="link-button">{t.remove}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Loading>
            <ActionForm action=save>
                <div class="grid-form">
                    <Select label=t.deal_currency name="currency" options=currencies selected="USD" errors=errors_of(answer, "currency") scope="rate" />
                    <Field label=t.rates_rate name="rate" errors=errors_of(answer, "rate") scope="rate" required=true />
                </div>
                <FormAlert answer />
                <button type="submit" class="button" disabled=save.pending()>{t.rates_save}</button>
            </ActionForm>
        </section>
    }
}
