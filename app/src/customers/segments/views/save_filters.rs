use leptos::prelude::*;

use super::{SaveSegmentForm, keeps};
use crate::customers::segments::api::SaveSegment;
use crate::customers::segments::types::{Definition, NewSegment};
use crate::customers::types::ContactQuery;
use crate::i18n::use_messages;
use crate::ui::fold::Fold;
use crate::ui::form::answer_of;
use crate::ui::toast::use_toasts;
use crate::ui::viewer::use_viewer;

/// Saving the contact list's search and filters as a rule-based segment, for those who keep
/// segments and once the list is narrowed.
#[component]
pub fn SaveFilters(query: Memo<ContactQuery>) -> impl IntoView {
    let t = use_messages();
    let toasts = use_toasts();
    let viewer = use_viewer();
    let save = ServerAction::<SaveSegment>::new();
    let answer = answer_of(save);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = answer.get() {
            open.set(false);
            name.set(String::new());
            toasts.show(t.segment_saved_toast);
        }
    });
    let segment = move |name| {
        Some(NewSegment {
            name,
            definition: Definition::Rules(query.get_untracked()),
            contacts: Vec::new(),
        })
    };
    let narrowed = move || query.with(|q| q.filter_count() > 0 || !q.q.is_empty());
    let form = move || {
        view! {
            <Fold label=t.segment_save_filters testid="save-segment" open>
                <SaveSegmentForm save name segment button=t.save class="log-form" />
            </Fold>
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let may = viewer.await.ok().flatten().is_some_and(|v| keeps(&v));
                move || (may && narrowed()).then(form)
            })}
        </Transition>
    }
}
