//! The companies list, a company's page (its facts, revenue and people) and its edit.

mod companies_page;
mod company_page;
mod edit_company_page;

pub use companies_page::CompaniesPage;
pub use company_page::CompanyPage;
pub use edit_company_page::EditCompanyPage;
