use leptos::prelude::*;

use crate::tickets::attachments::types::{Attachment, size_text};

/// The files under a message: pictures as small previews, every file as a link with its size.
#[component]
pub fn AttachmentList(files: Vec<Attachment>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <ul class="attachments" data-testid="attachments">
                {files.into_iter().map(|file| {
                    let href = file.href();
                    let preview = file.is_picture().then(|| {
                        view! { <img src=href.clone() alt="" loading="lazy" width="96" height="96" /> }
                    });
                    view! {
                        <li>
                            <a href=href.clone() target="_blank" rel="noopener" data-testid="attachment">
                                {preview}
                                <span>{file.file_name}</span>
                                <span class="muted">{size_text(file.size)}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}
