mod saved_views;

pub use saved_views::SavedViews;
