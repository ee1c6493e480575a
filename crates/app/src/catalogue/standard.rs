//! The standard catalogue of CONTRACT.md: four departments, their offices, seven services.
//! Certificates are free of charge (as at Greek municipalities); posting is paid by the
//! recipient, cash on delivery, and is not part of the fee.

use dimos_db::catalogue::{Catalogue, Department, Office, OpeningHours, Service};
use dimos_domain::{AssuranceLevel, Cents, Delivery};

pub fn standard_catalogue() -> Catalogue {
    Catalogue {
        departments: vec![
            department("registry", "Δημοτολόγιο", "Municipal Registry"),
            department("civil_status", "Ληξιαρχείο", "Registry Office"),
            department("treasury", "Ταμειακή Υπηρεσία", "Treasury"),
            department("municipal_police", "Δημοτική Αστυνομία", "Municipal Police"),
        ],
        offices: vec![
            Office {
                code: "citizen_service_centre".into(),
                name_el: "Κέντρο Εξυπηρέτησης Δημοτών (Δημαρχείο, ισόγειο)".into(),
                name_en: "Citizen Service Centre (Town Hall, ground floor)".into(),
                street: "Πλατεία Δημαρχείου 1".into(),
                postal_code: "10552".into(),
                city: "Αθήνα".into(),
                phone: "+302100000100".into(),
                email: "kep@dimos.example".into(),
                certifies_identity: true,
                departments: vec!["registry".into()],
                hours: weekdays("08:00", "15:00")
                    .chain([hours(3, "17:00", "19:00")])
                    .collect(),
            },
            Office {
                code: "civil_status_office".into(),
                name_el: "Ληξιαρχείο (Δημαρχείο, 1ος όροφος)".into(),
                name_en: "Registry Office (Town Hall, 1st floor)".into(),
                street: "Πλατεία Δημαρχείου 1".into(),
                postal_code: "10552".into(),
                city: "Αθήνα".into(),
                phone: "+302100000200".into(),
                email: "lixiarxeio@dimos.example".into(),
                certifies_identity: true,
                departments: vec!["civil_status".into()],
                hours: weekdays("08:00", "14:30").collect(),
            },
            Office {
                code: "treasury_office".into(),
                name_el: "Ταμείο του Δήμου".into(),
                name_en: "Municipal Treasury Office".into(),
                street: "Αθηνάς 12".into(),
                postal_code: "10551".into(),
                city: "Αθήνα".into(),
                phone: "+302100000300".into(),
                email: "tameio@dimos.example".into(),
                certifies_identity: false,
                departments: vec!["treasury".into()],
                hours: weekdays("07:30", "14:30").collect(),
            },
            Office {
                code: "municipal_police_office".into(),
                name_el: "Γραφείο Δημοτικής Αστυνομίας".into(),
                name_en: "Municipal Police Office".into(),
                street: "Λιοσίων 22".into(),
                postal_code: "10438".into(),
                city: "Αθήνα".into(),
                phone: "+302100000400".into(),
                email: "dimotiki.astynomia@dimos.example".into(),
                certifies_identity: false,
                departments: vec!["municipal_police".into()],
                hours: weekdays("08:00", "15:00")
                    .chain([hours(6, "09:00", "13:00")])
                    .collect(),
            },
        ],
        services: vec![
            service(
                "residence_certificate",
                "registry",
                AssuranceLevel::A,
                2,
                (
                    "Βεβαίωση μόνιμης κατοικίας",
                    "Certificate of permanent residence",
                ),
                (
                    "Βεβαιώνει τη διεύθυνση μόνιμης κατοικίας σας όπως είναι καταχωρισμένη στον Δήμο.",
                    "Certifies your permanent address as registered with the municipality.",
                ),
            ),
            service(
                "family_status_certificate",
                "registry",
                AssuranceLevel::A,
                3,
                (
                    "Πιστοποιητικό οικογενειακής κατάστασης",
                    "Family status certificate",
                ),
                (
                    "Τα μέλη της οικογενειακής σας μερίδας, όπως είναι εγγεγραμμένα στο Δημοτολόγιο.",
                    "The members of your family record as entered in the municipal registry.",
                ),
            ),
            service(
                "birth_certificate",
                "registry",
                AssuranceLevel::A,
                3,
                ("Πιστοποιητικό γέννησης", "Birth certificate"),
                (
                    "Πιστοποιητικό γέννησης από τα στοιχεία του Δημοτολογίου.",
                    "A birth certificate from the municipal registry's records.",
                ),
            ),
            service(
                "marriage_record",
                "civil_status",
                AssuranceLevel::A,
                3,
                ("Ληξιαρχική πράξη γάμου", "Marriage record"),
                (
                    "Αντίγραφο ληξιαρχικής πράξης γάμου που τηρείται στο Ληξιαρχείο του Δήμου.",
                    "A copy of a marriage record kept by the municipality's registry office.",
                ),
            ),
            service(
                "no_debt_certificate",
                "treasury",
                AssuranceLevel::B,
                2,
                ("Βεβαίωση μη οφειλής", "Certificate of no debt"),
                (
                    "Βεβαιώνει ότι δεν έχετε ληξιπρόθεσμες οφειλές προς τον Δήμο.",
                    "Certifies that you owe nothing overdue to the municipality.",
                ),
            ),
            service(
                "property_tax_certificate",
                "treasury",
                AssuranceLevel::B,
                2,
                ("Βεβαίωση ΤΑΠ", "Property levy (TAP) certificate"),
                (
                    "Βεβαίωση για το Τέλος Ακίνητης Περιουσίας (ΤΑΠ) ενός ακινήτου σας.",
                    "A certificate on the municipal property levy (TAP) of a property of yours.",
                ),
            ),
            service(
                "parking_fine_copy",
                "municipal_police",
                AssuranceLevel::B,
                2,
                ("Αντίγραφο κλήσης", "Copy of a parking fine"),
                (
                    "Αντίγραφο κλήσης που σας επιβλήθηκε από τη Δημοτική Αστυνομία.",
                    "A copy of a fine issued to you by the municipal police.",
                ),
            ),
        ],
    }
}

fn department(code: &str, name_el: &str, name_en: &str) -> Department {
    Department {
        code: code.into(),
        name_el: name_el.into(),
        name_en: name_en.into(),
    }
}

fn service(
    code: &str,
    department_code: &str,
    min_level: AssuranceLevel,
    processing_days: i64,
    (name_el, name_en): (&str, &str),
    (description_el, description_en): (&str, &str),
) -> Service {
    Service {
        code: code.into(),
        department_code: department_code.into(),
        name_el: name_el.into(),
        name_en: name_en.into(),
        description_el: description_el.into(),
        description_en: description_en.into(),
        min_level,
        delivery_modes: Delivery::ALL.to_vec(),
        fee_cents: Cents::ZERO,
        processing_days,
        active: true,
    }
}

fn hours(weekday: i64, opens_at: &str, closes_at: &str) -> OpeningHours {
    OpeningHours {
        weekday,
        opens_at: opens_at.into(),
        closes_at: closes_at.into(),
    }
}

/// The same interval Monday to Friday.
fn weekdays(opens_at: &'static str, closes_at: &'static str) -> impl Iterator<Item = OpeningHours> {
    (1..=5).map(move |day| hours(day, opens_at, closes_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_and_office_names_a_known_department() {
        let c = standard_catalogue();
        let known: Vec<&str> = c.departments.iter().map(|d| d.code.as_str()).collect();
        for s in &c.services {
            assert!(known.contains(&s.department_code.as_str()), "{}", s.code);
        }
        for o in &c.offices {
            assert!(
                o.departments.iter().all(|d| known.contains(&d.as_str())),
                "{}",
                o.code
            );
        }
        for d in &known {
            assert!(
                c.offices
                    .iter()
                    .any(|o| o.departments.iter().any(|x| x == d)),
                "{d}"
            );
        }
    }

    #[test]
    fn the_catalogue_is_the_contracts() {
        let c = standard_catalogue();
        let rows: Vec<(&str, &str, AssuranceLevel)> = c
            .services
            .iter()
            .map(|s| (s.code.as_str(), s.department_code.as_str(), s.min_level))
            .collect();
        assert_eq!(
            rows,
            [
                ("residence_certificate", "registry", AssuranceLevel::A),
                ("family_status_certificate", "registry", AssuranceLevel::A),
                ("birth_certificate", "registry", AssuranceLevel::A),
                ("marriage_record", "civil_status", AssuranceLevel::A),
                ("no_debt_certificate", "treasury", AssuranceLevel::B),
                ("property_tax_certificate", "treasury", AssuranceLevel::B),
                ("parking_fine_copy", "municipal_police", AssuranceLevel::B),
            ]
        );
        assert!(
            c.services
                .iter()
                .all(|s| s.delivery_modes == [Delivery::Pickup, Delivery::Post])
        );
        assert!(c.offices.iter().any(|o| o.certifies_identity));
    }
}
