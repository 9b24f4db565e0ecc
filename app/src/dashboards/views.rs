mod value_page;

pub use value_page::ValuePage;
