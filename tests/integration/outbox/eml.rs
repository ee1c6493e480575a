//! Just enough of a MIME reader to check what the portal sends: unfolded headers, RFC 2047
//! base64 words, and a base64 or 7bit body. Anything else fails the test loudly.

pub struct Eml {
    headers: Vec<(String, String)>,
    body: String,
}

pub fn parse(raw: &str) -> Eml {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw
        .split_once("\n\n")
        .expect("headers end with an empty line");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            headers
                .last_mut()
                .expect("a continuation follows a header")
                .1
                .push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("a header has a colon");
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    Eml {
        headers,
        body: body.to_owned(),
    }
}

impl Eml {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The subject with its encoded words decoded. RFC 2047: the space between two encoded
    /// words is dropped, the one between an encoded word and plain text kept.
    pub fn subject(&self) -> String {
        let mut text = String::new();
        let mut previous_encoded = None;
        for word in self
            .header("Subject")
            .expect("a subject")
            .split_whitespace()
        {
            let encoded = word.len() > 12
                && word[..10].eq_ignore_ascii_case("=?utf-8?b?")
                && word.ends_with("?=");
            if previous_encoded.is_some() && !(encoded && previous_encoded == Some(true)) {
                text.push(' ');
            }
            if encoded {
                text.push_str(
                    &String::from_utf8(base64(&word[10..word.len() - 2])).expect("UTF-8"),
                );
            } else {
                assert!(!word.starts_with("=?"), "unexpected encoded word {word}");
                text.push_str(word);
            }
            previous_encoded = Some(encoded);
        }
        text
    }

    pub fn body_text(&self) -> String {
        assert!(
            self.header("Content-Type")
                .unwrap()
                .to_ascii_lowercase()
                .starts_with("text/plain; charset=utf-8")
        );
        let text = match self
            .header("Content-Transfer-Encoding")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("base64") => {
                String::from_utf8(base64(&self.body.split_whitespace().collect::<String>()))
                    .unwrap()
            }
            Some("7bit") | None => self.body.clone(),
            Some(other) => panic!("unexpected transfer encoding {other}"),
        };
        text.replace("\r\n", "\n")
    }
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut bits, mut count) = (0_u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET
            .iter()
            .position(|&a| a == c)
            .expect("a base64 character");
        bits = (bits << 6) | u32::try_from(value).unwrap();
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xff).unwrap());
        }
    }
    out
}
