//! Which fields each kind of file can fill, and the column that most likely fills each,
//! guessed from headers as English and Chinese spreadsheets write them.

use super::types::{Field, ImportKind};

impl ImportKind {
    /// The fields a file of this kind can fill, in the order the mapping offers them.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            ImportKind::Contacts => &[
                Name,
                GivenName,
                FamilyName,
                Email,
                Phone,
                WechatId,
                City,
                Company,
                Lifecycle,
                Source,
                Tags,
                MarketingConsent,
                OwnerId,
                ExternalId,
            ],
            ImportKind::Companies => &[
                Name, Website, Email, Phone, City, Country, Industry, OwnerId, ExternalId,
            ],
            ImportKind::Orders => &[
                Number, ExternalId, OrderedOn, Amount, Currency, Status, Note, CustomerId, Email,
                Phone,
            ],
        }
    }

    /// The fields without which no row can be written.
    pub fn required(self) -> &'static [Field] {
        match self {
            ImportKind::Contacts | ImportKind::Companies => &[Field::Name],
            ImportKind::Orders => &[Field::Number, Field::OrderedOn, Field::Amount],
        }
    }
}

/// Headers that name each field, compared without case, spaces, `_`, `-` and `.`.
fn synonyms(kind: ImportKind, field: Field) -> &'static [&'static str] {
    use Field::*;
    match (kind, field) {
        (ImportKind::Companies, Name) => &[
            "name",
            "company",
            "companyname",
            "organization",
            "organisation",
            "account",
            "公司",
            "公司名称",
            "企业",
            "企业名称",
            "名称",
            "单位",
            "客户名称",
        ],
        (_, Name) => &[
            "name",
            "fullname",
            "contact",
            "contactname",
            "person",
            "姓名",
            "名字",
            "联系人",
            "客户姓名",
            "客户",
        ],
        (_, GivenName) => &["firstname", "givenname", "forename", "名"],
        (_, FamilyName) => &["lastname", "familyname", "surname", "姓"],
        (_, Email) => &[
            "email",
            "emailaddress",
            "mail",
            "邮箱",
            "电子邮箱",
            "电子邮件",
            "邮件",
            "邮箱地址",
        ],
        (_, Phone) => &[
            "phone",
            "mobile",
            "mobilephone",
            "cell",
            "cellphone",
            "tel",
            "telephone",
            "phonenumber",
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "联系电话",
            "电话号码",
            "联系方式",
        ],
        (_, WechatId) => &["wechat", "wechatid", "weixin", "微信", "微信号"],
        (_, City) => &["city", "town", "城市", "所在城市", "所在地"],
        (_, Company) => &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "account",
            "employer",
            "公司",
            "公司名称",
            "单位",
            "企业",
            "工作单位",
        ],
        (_, Lifecycle) => &[
            "stage",
            "lifecycle",
            "lifecyclestage",
            "status",
            "阶段",
            "客户阶段",
            "客户状态",
        ],
        (_, Source) => &[
            "source",
            "leadsource",
            "channel",
            "来源",
            "渠道",
            "客户来源",
        ],
        (_, Tags) => &["tags", "tag", "labels", "label", "标签"],
        (_, MarketingConsent) => &[
            "consent",
            "marketingconsent",
            "optin",
            "subscribed",
            "同意营销",
            "营销许可",
            "订阅",
        ],
        (_, OwnerId) => &[
            "owner",
            "salesrep",
            "rep",
            "assignedto",
            "负责人",
            "归属人",
            "销售",
            "跟进人",
        ],
        (ImportKind::Orders, CustomerId) => &[
            "customerid",
            "customerno",
            "customernumber",
            "customer",
            "clientid",
            "客户编号",
            "客户id",
            "客户号",
            "客户",
        ],
        // An ERP's own id for the order, beside the number the shop prints on it.
        (ImportKind::Orders, ExternalId) => &[
            "erpid",
            "externalid",
            "externalorderid",
            "erp订单号",
            "erp编号",
            "外部订单号",
            "外部编号",
        ],
        (_, ExternalId) => &[
            "id",
            "externalid",
            "customerid",
            "customerno",
            "companyid",
            "编号",
            "客户编号",
            "客户id",
            "公司编号",
        ],
        (_, Website) => &[
            "website", "web", "url", "site", "homepage", "网站", "官网", "网址",
        ],
        (_, Country) => &["country", "countrycode", "国家", "国家代码"],
        (_, Industry) => &["industry", "sector", "行业", "所属行业"],
        (_, Number) => &[
            "order",
            "ordernumber",
            "orderno",
            "orderid",
            "number",
            "订单号",
            "订单编号",
            "单号",
        ],
        (_, OrderedOn) => &[
            "date",
            "orderdate",
            "ordered",
            "orderedon",
            "purchasedate",
            "日期",
            "下单日期",
            "订单日期",
            "下单时间",
            "购买日期",
        ],
        (_, Amount) => &[
            "amount",
            "total",
            "ordertotal",
            "value",
            "price",
            "金额",
            "总额",
            "订单金额",
            "总金额",
            "实付金额",
        ],
        (_, Currency) => &["currency", "币种", "货币"],
        (_, Status) => &["status", "orderstatus", "状态", "订单状态"],
        (_, Note) => &["note", "notes", "comment", "remarks", "备注", "说明"],
        (_, CustomerId) => &[],
    }
}

fn normalized(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '*' | ':' | '：'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field each header most likely names. A field is given to one column only, the first
/// that names it; a header that names nothing is left out.
pub fn guess(kind: ImportKind, headers: &[String]) -> Vec<Option<Field>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|header| {
            let header = normalized(header);
            let field = kind.fields().iter().copied().find(|field| {
                !taken.contains(field) && synonyms(kind, *field).contains(&header.as_str())
            });
            taken.extend(field);
            field
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn guesses_english_and_chinese_headers() {
        use Field::*;
        assert_eq!(
            guess(
                ImportKind::Contacts,
                &headers(&["姓名", "手机", "邮箱", "公司", "备注", "Tags"])
            ),
            [
                Some(Name),
                Some(Phone),
                Some(Email),
                Some(Company),
                None,
                Some(Tags)
            ]
        );
        assert_eq!(
            guess(
                ImportKind::Contacts,
                &headers(&[
                    "Full Name",
                    "E-mail",
                    "Mobile Phone",
                    "Phone",
                    "Company_Name"
                ])
            ),
            [Some(Name), Some(Email), Some(Phone), None, Some(Company)],
            "the second phone column is left for the user to map"
        );
        assert_eq!(
            guess(
                ImportKind::Orders,
                &headers(&["订单号", "日期", "金额", "客户编号", "手机"])
            ),
            [
                Some(Number),
                Some(OrderedOn),
                Some(Amount),
                Some(CustomerId),
                Some(Phone)
            ]
        );
        assert_eq!(
            guess(
                ImportKind::Companies,
                &headers(&["公司名称", "网站", "行业"])
            ),
            [Some(Name), Some(Website), Some(Industry)]
        );
    }

    #[test]
    fn every_field_of_a_kind_has_a_header_it_answers_to() {
        for kind in [
            ImportKind::Contacts,
            ImportKind::Companies,
            ImportKind::Orders,
        ] {
            for field in kind.fields() {
                assert!(!synonyms(kind, *field).is_empty(), "{kind:?} {field:?}");
            }
            for field in kind.required() {
                assert!(kind.fields().contains(field));
            }
        }
    }
}
