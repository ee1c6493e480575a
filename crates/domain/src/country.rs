//! The country that issued a foreign passport: an ISO 3166-1 alpha-2 code from the officially
//! assigned list, with its short name in Greek and English.

use crate::error_code::error_codes;
use std::fmt;

/// A country of ISO 3166-1 (alpha-2), e.g. `DE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country {
    index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CountryError {
    #[error("a country is required")]
    Empty,
    #[error("a country is given by its ISO 3166-1 two-letter code, such as DE")]
    Unknown,
}

error_codes!(CountryError {
    Empty => "required",
    Unknown => "unknown_country",
});

impl Country {
    /// Every officially assigned code, in code order.
    pub fn all() -> impl Iterator<Item = Country> {
        (0..COUNTRIES.len()).map(|index| Country { index })
    }

    /// A two-letter code in either case, surrounding spaces ignored.
    pub fn parse(input: &str) -> Result<Self, CountryError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(CountryError::Empty);
        }
        COUNTRIES
            .binary_search_by(|(c, _, _)| (*c).cmp(code.as_str()))
            .map(|index| Country { index })
            .map_err(|_| CountryError::Unknown)
    }

    pub fn code(self) -> &'static str {
        COUNTRIES[self.index].0
    }

    pub fn name_en(self) -> &'static str {
        COUNTRIES[self.index].1
    }

    pub fn name_el(self) -> &'static str {
        COUNTRIES[self.index].2
    }

    /// The name in the page's language: `el` or else English.
    pub fn name(self, lang: &str) -> &'static str {
        if lang == "el" {
            self.name_el()
        } else {
            self.name_en()
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// ISO 3166-1 alpha-2, the 249 officially assigned codes, sorted by code (binary search).
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("AD", "Andorra", "Ανδόρα"),
    ("AE", "United Arab Emirates", "Ηνωμένα Αραβικά Εμιράτα"),
    ("AF", "Afghanistan", "Αφγανιστάν"),
    ("AG", "Antigua and Barbuda", "Αντίγκουα και Μπαρμπούντα"),
    ("AI", "Anguilla", "Ανγκουίλα"),
    ("AL", "Albania", "Αλβανία"),
    ("AM", "Armenia", "Αρμενία"),
    ("AO", "Angola", "Αγκόλα"),
    ("AQ", "Antarctica", "Ανταρκτική"),
    ("AR", "Argentina", "Αργεντινή"),
    ("AS", "American Samoa", "Αμερικανική Σαμόα"),
    ("AT", "Austria", "Αυστρία"),
    ("AU", "Australia", "Αυστραλία"),
    ("AW", "Aruba", "Αρούμπα"),
    ("AX", "Åland Islands", "Νήσοι Όλαντ"),
    ("AZ", "Azerbaijan", "Αζερμπαϊτζάν"),
    ("BA", "Bosnia and Herzegovina", "Βοσνία-Ερζεγοβίνη"),
    ("BB", "Barbados", "Μπαρμπάντος"),
    ("BD", "Bangladesh", "Μπανγκλαντές"),
    ("BE", "Belgium", "Βέλγιο"),
    ("BF", "Burkina Faso", "Μπουρκίνα Φάσο"),
    ("BG", "Bulgaria", "Βουλγαρία"),
    ("BH", "Bahrain", "Μπαχρέιν"),
    ("BI", "Burundi", "Μπουρούντι"),
    ("BJ", "Benin", "Μπενίν"),
    ("BL", "Saint Barthélemy", "Άγιος Βαρθολομαίος"),
    ("BM", "Bermuda", "Βερμούδες"),
    ("BN", "Brunei", "Μπρουνέι"),
    ("BO", "Bolivia", "Βολιβία"),
    ("BQ", "Caribbean Netherlands", "Ολλανδία Καραϊβικής"),
    ("BR", "Brazil", "Βραζιλία"),
    ("BS", "Bahamas", "Μπαχάμες"),
    ("BT", "Bhutan", "Μπουτάν"),
    ("BV", "Bouvet Island", "Νήσος Μπουβέ"),
    ("BW", "Botswana", "Μποτσουάνα"),
    ("BY", "Belarus", "Λευκορωσία"),
    ("BZ", "Belize", "Μπελίζ"),
    ("CA", "Canada", "Καναδάς"),
    ("CC", "Cocos (Keeling) Islands", "Νήσοι Κόκος (Κίλινγκ)"),
    ("CD", "DR Congo", "ΛΔ Κονγκό"),
    (
        "CF",
        "Central African Republic",
        "Κεντροαφρικανική Δημοκρατία",
    ),
    ("CG", "Republic of the Congo", "Κονγκό"),
    ("CH", "Switzerland", "Ελβετία"),
    ("CI", "Côte d'Ivoire", "Ακτή Ελεφαντοστού"),
    ("CK", "Cook Islands", "Νήσοι Κουκ"),
    ("CL", "Chile", "Χιλή"),
    ("CM", "Cameroon", "Καμερούν"),
    ("CN", "China", "Κίνα"),
    ("CO", "Colombia", "Κολομβία"),
    ("CR", "Costa Rica", "Κόστα Ρίκα"),
    ("CU", "Cuba", "Κούβα"),
    ("CV", "Cape Verde", "Πράσινο Ακρωτήριο"),
    ("CW", "Curaçao", "Κουρασάο"),
    ("CX", "Christmas Island", "Νήσος των Χριστουγέννων"),
    ("CY", "Cyprus", "Κύπρος"),
    ("CZ", "Czechia", "Τσεχία"),
    ("DE", "Germany", "Γερμανία"),
    ("DJ", "Djibouti", "Τζιμπουτί"),
    ("DK", "Denmark", "Δανία"),
    ("DM", "Dominica", "Ντομίνικα"),
    ("DO", "Dominican Republic", "Δομινικανή Δημοκρατία"),
    ("DZ", "Algeria", "Αλγερία"),
    ("EC", "Ecuador", "Ισημερινός"),
    ("EE", "Estonia", "Εσθονία"),
    ("EG", "Egypt", "Αίγυπτος"),
    ("EH", "Western Sahara", "Δυτική Σαχάρα"),
    ("ER", "Eritrea", "Ερυθραία"),
    ("ES", "Spain", "Ισπανία"),
    ("ET", "Ethiopia", "Αιθιοπία"),
    ("FI", "Finland", "Φινλανδία"),
    ("FJ", "Fiji", "Φίτζι"),
    ("FK", "Falkland Islands", "Νήσοι Φόκλαντ"),
    ("FM", "Micronesia", "Μικρονησία"),
    ("FO", "Faroe Islands", "Νήσοι Φερόες"),
    ("FR", "France", "Γαλλία"),
    ("GA", "Gabon", "Γκαμπόν"),
    ("GB", "United Kingdom", "Ηνωμένο Βασίλειο"),
    ("GD", "Grenada", "Γρενάδα"),
    ("GE", "Georgia", "Γεωργία"),
    ("GF", "French Guiana", "Γαλλική Γουιάνα"),
    ("GG", "Guernsey", "Γκέρνζι"),
    ("GH", "Ghana", "Γκάνα"),
    ("GI", "Gibraltar", "Γιβραλτάρ"),
    ("GL", "Greenland", "Γροιλανδία"),
    ("GM", "Gambia", "Γκάμπια"),
    ("GN", "Guinea", "Γουινέα"),
    ("GP", "Guadeloupe", "Γουαδελούπη"),
    ("GQ", "Equatorial Guinea", "Ισημερινή Γουινέα"),
    ("GR", "Greece", "Ελλάδα"),
    (
        "GS",
        "South Georgia and the South Sandwich Islands",
        "Νήσοι Νότια Γεωργία και Νότιες Σάντουιτς",
    ),
    ("GT", "Guatemala", "Γουατεμάλα"),
    ("GU", "Guam", "Γκουάμ"),
    ("GW", "Guinea-Bissau", "Γουινέα-Μπισάου"),
    ("GY", "Guyana", "Γουιάνα"),
    ("HK", "Hong Kong", "Χονγκ Κονγκ"),
    (
        "HM",
        "Heard Island and McDonald Islands",
        "Νήσοι Χερντ και Μακντόναλντ",
    ),
    ("HN", "Honduras", "Ονδούρα"),
    ("HR", "Croatia", "Κροατία"),
    ("HT", "Haiti", "Αϊτή"),
    ("HU", "Hungary", "Ουγγαρία"),
    ("ID", "Indonesia", "Ινδονησία"),
    ("IE", "Ireland", "Ιρλανδία"),
    ("IL", "Israel", "Ισραήλ"),
    ("IM", "Isle of Man", "Νήσος του Μαν"),
    ("IN", "India", "Ινδία"),
    (
        "IO",
        "British Indian Ocean Territory",
        "Βρετανικό Έδαφος Ινδικού Ωκεανού",
    ),
    ("IQ", "Iraq", "Ιράκ"),
    ("IR", "Iran", "Ιράν"),
    ("IS", "Iceland", "Ισλανδία"),
    ("IT", "Italy", "Ιταλία"),
    ("JE", "Jersey", "Τζέρζι"),
    ("JM", "Jamaica", "Τζαμάικα"),
    ("JO", "Jordan", "Ιορδανία"),
    ("JP", "Japan", "Ιαπωνία"),
    ("KE", "Kenya", "Κένυα"),
    ("KG", "Kyrgyzstan", "Κιργιζία"),
    ("KH", "Cambodia", "Καμπότζη"),
    ("KI", "Kiribati", "Κιριμπάτι"),
    ("KM", "Comoros", "Κομόρες"),
    ("KN", "Saint Kitts and Nevis", "Άγιος Χριστόφορος και Νέβις"),
    ("KP", "North Korea", "Βόρεια Κορέα"),
    ("KR", "South Korea", "Νότια Κορέα"),
    ("KW", "Kuwait", "Κουβέιτ"),
    ("KY", "Cayman Islands", "Νήσοι Κέιμαν"),
    ("KZ", "Kazakhstan", "Καζακστάν"),
    ("LA", "Laos", "Λάος"),
    ("LB", "Lebanon", "Λίβανος"),
    ("LC", "Saint Lucia", "Αγία Λουκία"),
    ("LI", "Liechtenstein", "Λιχτενστάιν"),
    ("LK", "Sri Lanka", "Σρι Λάνκα"),
    ("LR", "Liberia", "Λιβερία"),
    ("LS", "Lesotho", "Λεσότο"),
    ("LT", "Lithuania", "Λιθουανία"),
    ("LU", "Luxembourg", "Λουξεμβούργο"),
    ("LV", "Latvia", "Λετονία"),
    ("LY", "Libya", "Λιβύη"),
    ("MA", "Morocco", "Μαρόκο"),
    ("MC", "Monaco", "Μονακό"),
    ("MD", "Moldova", "Μολδαβία"),
    ("ME", "Montenegro", "Μαυροβούνιο"),
    ("MF", "Saint Martin", "Άγιος Μαρτίνος"),
    ("MG", "Madagascar", "Μαδαγασκάρη"),
    ("MH", "Marshall Islands", "Νήσοι Μάρσαλ"),
    ("MK", "North Macedonia", "Βόρεια Μακεδονία"),
    ("ML", "Mali", "Μάλι"),
    ("MM", "Myanmar", "Μιανμάρ"),
    ("MN", "Mongolia", "Μογγολία"),
    ("MO", "Macao", "Μακάο"),
    ("MP", "Northern Mariana Islands", "Νήσοι Βόρειες Μαριάνες"),
    ("MQ", "Martinique", "Μαρτινίκα"),
    ("MR", "Mauritania", "Μαυριτανία"),
    ("MS", "Montserrat", "Μονσεράτ"),
    ("MT", "Malta", "Μάλτα"),
    ("MU", "Mauritius", "Μαυρίκιος"),
    ("MV", "Maldives", "Μαλδίβες"),
    ("MW", "Malawi", "Μαλάουι"),
    ("MX", "Mexico", "Μεξικό"),
    ("MY", "Malaysia", "Μαλαισία"),
    ("MZ", "Mozambique", "Μοζαμβίκη"),
    ("NA", "Namibia", "Ναμίμπια"),
    ("NC", "New Caledonia", "Νέα Καληδονία"),
    ("NE", "Niger", "Νίγηρας"),
    ("NF", "Norfolk Island", "Νήσος Νόρφολκ"),
    ("NG", "Nigeria", "Νιγηρία"),
    ("NI", "Nicaragua", "Νικαράγουα"),
    ("NL", "Netherlands", "Ολλανδία"),
    ("NO", "Norway", "Νορβηγία"),
    ("NP", "Nepal", "Νεπάλ"),
    ("NR", "Nauru", "Ναουρού"),
    ("NU", "Niue", "Νιούε"),
    ("NZ", "New Zealand", "Νέα Ζηλανδία"),
    ("OM", "Oman", "Ομάν"),
    ("PA", "Panama", "Παναμάς"),
    ("PE", "Peru", "Περού"),
    ("PF", "French Polynesia", "Γαλλική Πολυνησία"),
    ("PG", "Papua New Guinea", "Παπούα Νέα Γουινέα"),
    ("PH", "Philippines", "Φιλιππίνες"),
    ("PK", "Pakistan", "Πακιστάν"),
    ("PL", "Poland", "Πολωνία"),
    ("PM", "Saint Pierre and Miquelon", "Σεν Πιερ και Μικελόν"),
    ("PN", "Pitcairn Islands", "Νήσοι Πίτκερν"),
    ("PR", "Puerto Rico", "Πουέρτο Ρίκο"),
    ("PS", "Palestine", "Παλαιστίνη"),
    ("PT", "Portugal", "Πορτογαλία"),
    ("PW", "Palau", "Παλάου"),
    ("PY", "Paraguay", "Παραγουάη"),
    ("QA", "Qatar", "Κατάρ"),
    ("RE", "Réunion", "Ρεϊνιόν"),
    ("RO", "Romania", "Ρουμανία"),
    ("RS", "Serbia", "Σερβία"),
    ("RU", "Russia", "Ρωσία"),
    ("RW", "Rwanda", "Ρουάντα"),
    ("SA", "Saudi Arabia", "Σαουδική Αραβία"),
    ("SB", "Solomon Islands", "Νήσοι Σολομώντα"),
    ("SC", "Seychelles", "Σεϋχέλλες"),
    ("SD", "Sudan", "Σουδάν"),
    ("SE", "Sweden", "Σουηδία"),
    ("SG", "Singapore", "Σιγκαπούρη"),
    (
        "SH",
        "Saint Helena, Ascension and Tristan da Cunha",
        "Αγία Ελένη, Ασενσιόν και Τριστάν ντα Κούνια",
    ),
    ("SI", "Slovenia", "Σλοβενία"),
    ("SJ", "Svalbard and Jan Mayen", "Σβάλμπαρντ και Γιαν Μαγιέν"),
    ("SK", "Slovakia", "Σλοβακία"),
    ("SL", "Sierra Leone", "Σιέρα Λεόνε"),
    ("SM", "San Marino", "Άγιος Μαρίνος"),
    ("SN", "Senegal", "Σενεγάλη"),
    ("SO", "Somalia", "Σομαλία"),
    ("SR", "Suriname", "Σουρινάμ"),
    ("SS", "South Sudan", "Νότιο Σουδάν"),
    ("ST", "São Tomé and Príncipe", "Σάο Τομέ και Πρίνσιπε"),
    ("SV", "El Salvador", "Ελ Σαλβαδόρ"),
    ("SX", "Sint Maarten", "Άγιος Μαρτίνος (Ολλανδικός)"),
    ("SY", "Syria", "Συρία"),
    ("SZ", "Eswatini", "Εσουατίνι"),
    ("TC", "Turks and Caicos Islands", "Νήσοι Τερκς και Κάικος"),
    ("TD", "Chad", "Τσαντ"),
    ("TF", "French Southern Territories", "Γαλλικά Νότια Εδάφη"),
    ("TG", "Togo", "Τόγκο"),
    ("TH", "Thailand", "Ταϊλάνδη"),
    ("TJ", "Tajikistan", "Τατζικιστάν"),
    ("TK", "Tokelau", "Τοκελάου"),
    ("TL", "Timor-Leste", "Ανατολικό Τιμόρ"),
    ("TM", "Turkmenistan", "Τουρκμενιστάν"),
    ("TN", "Tunisia", "Τυνησία"),
    ("TO", "Tonga", "Τόνγκα"),
    ("TR", "Türkiye", "Τουρκία"),
    ("TT", "Trinidad and Tobago", "Τρινιντάντ και Τομπάγκο"),
    ("TV", "Tuvalu", "Τουβαλού"),
    ("TW", "Taiwan", "Ταϊβάν"),
    ("TZ", "Tanzania", "Τανζανία"),
    ("UA", "Ukraine", "Ουκρανία"),
    ("UG", "Uganda", "Ουγκάντα"),
    (
        "UM",
        "United States Minor Outlying Islands",
        "Απομακρυσμένες Νησίδες των Ηνωμένων Πολιτειών",
    ),
    ("US", "United States", "Ηνωμένες Πολιτείες"),
    ("UY", "Uruguay", "Ουρουγουάη"),
    ("UZ", "Uzbekistan", "Ουζμπεκιστάν"),
    ("VA", "Vatican City", "Βατικανό"),
    (
        "VC",
        "Saint Vincent and the Grenadines",
        "Άγιος Βικέντιος και Γρεναδίνες",
    ),
    ("VE", "Venezuela", "Βενεζουέλα"),
    ("VG", "British Virgin Islands", "Βρετανικές Παρθένοι Νήσοι"),
    (
        "VI",
        "United States Virgin Islands",
        "Αμερικανικές Παρθένοι Νήσοι",
    ),
    ("VN", "Vietnam", "Βιετνάμ"),
    ("VU", "Vanuatu", "Βανουάτου"),
    ("WF", "Wallis and Futuna", "Ουάλις και Φουτούνα"),
    ("WS", "Samoa", "Σαμόα"),
    ("YE", "Yemen", "Υεμένη"),
    ("YT", "Mayotte", "Μαγιότ"),
    ("ZA", "South Africa", "Νότια Αφρική"),
    ("ZM", "Zambia", "Ζάμπια"),
    ("ZW", "Zimbabwe", "Ζιμπάμπουε"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_complete() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(COUNTRIES.iter().all(|(c, en, el)| c.len() == 2
            && c.bytes().all(|b| b.is_ascii_uppercase())
            && !en.is_empty()
            && !el.is_empty()));
    }

    #[test]
    fn codes_parse_in_either_case() {
        let de = Country::parse(" de ").unwrap();
        assert_eq!(de.code(), "DE");
        assert_eq!(de.name_en(), "Germany");
        assert_eq!(de.name_el(), "Γερμανία");
        assert_eq!(de.name("el"), "Γερμανία");
        assert_eq!(de.name("en"), "Germany");
        assert_eq!(Country::parse("GR").unwrap().to_string(), "GR");
        assert_eq!(Country::parse("zw").unwrap().code(), "ZW");
        assert_eq!(Country::parse("AD").unwrap().code(), "AD");
        assert_eq!(Country::all().count(), 249);
    }

    #[test]
    fn unassigned_and_malformed_codes_are_refused() {
        // UK and EL are reserved, not assigned; XK is user-assigned; names are not codes.
        for bad in ["UK", "EL", "XK", "ZZ", "D", "DEU", "Germany", "D E", "ΔΕ"] {
            assert_eq!(Country::parse(bad), Err(CountryError::Unknown), "{bad}");
        }
        assert_eq!(Country::parse("  "), Err(CountryError::Empty));
        assert_eq!(CountryError::Unknown.code(), "unknown_country");
        assert_eq!(CountryError::Empty.code(), "required");
    }
}
