//! Unit tests of the sentence splitter, one claim per rule, on sentences written for them.

use super::split;

fn check(text: &str, expected: &[&str]) {
    assert_eq!(split(text), expected, "splitting {text:?}");
}

#[test]
fn period_question_and_exclamation_end_sentences() {
    check(
        "The polls closed. Who won? Nobody knows!",
        &["The polls closed.", "Who won?", "Nobody knows!"],
    );
}

#[test]
fn period_after_dr_does_not_end_sentence() {
    check(
        "Dr. Okafor treated the patients. She left at noon.",
        &["Dr. Okafor treated the patients.", "She left at noon."],
    );
}

#[test]
fn titles_before_names_never_end_sentence() {
    check(
        "Mr. Lee met Mrs. Ito, Ms. Park, Prof. Ruiz, Gen. Hale, Lt. Cmdr. Diaz and Sen. Cole. They talked.",
        &[
            "Mr. Lee met Mrs. Ito, Ms. Park, Prof. Ruiz, Gen. Hale, Lt. Cmdr. Diaz and Sen. Cole.",
            "They talked.",
        ],
    );
}

#[test]
fn mount_and_saint_before_a_name_stay_inside() {
    check(
        "Climbers left Mt. Hood for St. Louis on Friday.",
        &["Climbers left Mt. Hood for St. Louis on Friday."],
    );
}

#[test]
fn street_at_sentence_end_ends_before_a_pronoun() {
    check(
        "The shop is on Elm St. It opens at nine.",
        &["The shop is on Elm St.", "It opens at nine."],
    );
}

#[test]
fn company_suffix_inside_sentence_does_not_end_it() {
    check(
        "Harbor Foods Inc. CEO Dana Wells resigned. Brix Corp. shares fell.",
        &[
            "Harbor Foods Inc. CEO Dana Wells resigned.",
            "Brix Corp. shares fell.",
        ],
    );
}

#[test]
fn company_suffix_at_sentence_end_ends_before_a_determiner() {
    check(
        "The fund sold its stake in Lumen Ltd. The price was not disclosed.",
        &[
            "The fund sold its stake in Lumen Ltd.",
            "The price was not disclosed.",
        ],
    );
}

#[test]
fn junior_ends_sentence_only_before_a_sentence_opener() {
    check(
        "The road is named for Martin Luther King Jr. Boulevard runners use it.",
        &["The road is named for Martin Luther King Jr. Boulevard runners use it."],
    );
    check(
        "The award went to Ray Tolliver Jr. He accepted it.",
        &["The award went to Ray Tolliver Jr.", "He accepted it."],
    );
}

#[test]
fn number_abbreviations_do_not_end_before_a_number() {
    check(
        "See No. 4 on p. 12, pp. 30-31 and Fig. 2 of Vol. 3 for approx. 40 cases.",
        &["See No. 4 on p. 12, pp. 30-31 and Fig. 2 of Vol. 3 for approx. 40 cases."],
    );
}

#[test]
fn month_abbreviation_before_a_day_stays_inside() {
    check(
        "The vote is on Nov. 3, and results come Dec. 14. Turnout may be high.",
        &[
            "The vote is on Nov. 3, and results come Dec. 14.",
            "Turnout may be high.",
        ],
    );
}

#[test]
fn month_abbreviation_at_sentence_end_ends_before_a_pronoun() {
    check(
        "The plant has been idle since Sept. It may reopen.",
        &["The plant has been idle since Sept.", "It may reopen."],
    );
}

#[test]
fn latin_abbreviations_never_end_sentence() {
    check(
        "Some states, e.g. Ohio, and some cities, i.e. Dayton, sued. It was Ohio vs. Dayton.",
        &[
            "Some states, e.g. Ohio, and some cities, i.e. Dayton, sued.",
            "It was Ohio vs. Dayton.",
        ],
    );
}

#[test]
fn etc_before_a_capital_ends_sentence() {
    check(
        "They sold bread, milk, eggs, etc. Prices rose.",
        &["They sold bread, milk, eggs, etc.", "Prices rose."],
    );
    check(
        "Bread, milk, etc. were scarce.",
        &["Bread, milk, etc. were scarce."],
    );
}

#[test]
fn middle_initials_do_not_end_sentence() {
    check(
        "John F. Kennedy and R. J. Okafor spoke. J. K. Rowling listened.",
        &[
            "John F. Kennedy and R. J. Okafor spoke.",
            "J. K. Rowling listened.",
        ],
    );
}

#[test]
fn pronoun_i_at_sentence_end_ends_before_a_sentence_opener() {
    check(
        "The winner was me, not I. Did anyone object?",
        &["The winner was me, not I.", "Did anyone object?"],
    );
}

#[test]
fn dotted_acronym_before_a_name_stays_inside() {
    check(
        "The U.S. Army and the U.K. Foreign Office met in Washington, D.C. on Monday.",
        &["The U.S. Army and the U.K. Foreign Office met in Washington, D.C. on Monday."],
    );
}

#[test]
fn dotted_acronym_at_sentence_end_ends_before_a_sentence_opener() {
    check(
        "The envoy flew back to the U.S. The talks resume in May.",
        &[
            "The envoy flew back to the U.S.",
            "The talks resume in May.",
        ],
    );
    check(
        "Exports to the E.U. fell. The minister flew to D.C. “We are worried,” she said.",
        &[
            "Exports to the E.U. fell.",
            "The minister flew to D.C.",
            "“We are worried,” she said.",
        ],
    );
}

#[test]
fn dotted_acronym_before_a_number_stays_inside() {
    check(
        "The U.S. 7th Fleet sailed.",
        &["The U.S. 7th Fleet sailed."],
    );
}

#[test]
fn degrees_inside_sentence_do_not_end_it() {
    check(
        "She has a Ph.D. in chemistry and an M.D. from Yale. He has a Ph.D. They met.",
        &[
            "She has a Ph.D. in chemistry and an M.D. from Yale.",
            "He has a Ph.D.",
            "They met.",
        ],
    );
}

#[test]
fn times_end_sentence_unless_they_open_it() {
    check(
        "By 7 a.m. Mr. Diaz was awake. The bus left at 8 p.m. Nobody was on it.",
        &[
            "By 7 a.m. Mr. Diaz was awake.",
            "The bus left at 8 p.m.",
            "Nobody was on it.",
        ],
    );
    check(
        "The bus left at 8 p.m. Eastern time.",
        &["The bus left at 8 p.m. Eastern time."],
    );
}

#[test]
fn decimals_money_and_versions_stay_inside() {
    check(
        "Inflation hit 3.5% as the fund paid $12.50 a share for version 2.0.1 of the app.",
        &["Inflation hit 3.5% as the fund paid $12.50 a share for version 2.0.1 of the app."],
    );
}

#[test]
fn number_at_sentence_end_ends_before_a_capital() {
    check(
        "The bill cost $4.75. Few paid it. Growth was 2.4. Then it fell.",
        &[
            "The bill cost $4.75.",
            "Few paid it.",
            "Growth was 2.4.",
            "Then it fell.",
        ],
    );
}

#[test]
fn urls_and_emails_stay_whole_and_can_end_sentence() {
    check(
        "Write to desk@news.example.org. Or visit https://news.example.org/a.b?c=1. Thanks.",
        &[
            "Write to desk@news.example.org.",
            "Or visit https://news.example.org/a.b?c=1.",
            "Thanks.",
        ],
    );
}

#[test]
fn closing_quote_after_end_mark_stays_with_sentence() {
    check(
        "“We will not retreat.” The crowd cheered. He shouted, 'Go!' Then silence.",
        &[
            "“We will not retreat.”",
            "The crowd cheered.",
            "He shouted, 'Go!'",
            "Then silence.",
        ],
    );
}

#[test]
fn quoted_end_mark_before_lowercase_continues_sentence() {
    check(
        "“Is it over?” she asked. \"Not yet!\" he replied.",
        &["“Is it over?” she asked.", "\"Not yet!\" he replied."],
    );
}

#[test]
fn closing_bracket_after_period_stays_with_sentence() {
    check(
        "The mayor spoke first. (Her deputy did not.) The council voted.",
        &[
            "The mayor spoke first.",
            "(Her deputy did not.)",
            "The council voted.",
        ],
    );
}

#[test]
fn doubled_end_marks_end_sentence_once() {
    check(
        "Really?! It passed!! What now??",
        &["Really?!", "It passed!!", "What now??"],
    );
}

#[test]
fn exclamation_inside_a_name_before_lowercase_continues_sentence() {
    check(
        "He worked at Yahoo! for years.",
        &["He worked at Yahoo! for years."],
    );
}

#[test]
fn ellipsis_before_lowercase_continues_sentence() {
    check(
        "The answer was ... well, unclear… and nobody asked.",
        &["The answer was ... well, unclear… and nobody asked."],
    );
}

#[test]
fn ellipsis_after_a_word_ends_sentence_before_a_capital() {
    check(
        "She waited… Then the phone rang. He paused.... Nothing.",
        &[
            "She waited…",
            "Then the phone rang.",
            "He paused....",
            "Nothing.",
        ],
    );
}

#[test]
fn spaced_ellipsis_inside_sentence_is_an_omission() {
    check(
        "The report said . . . It would be costly.",
        &["The report said . . . It would be costly."],
    );
}

#[test]
fn period_before_spaced_ellipsis_ends_sentence() {
    check(
        "The plan failed. . . . Then came a second plan.",
        &["The plan failed.", ". . . Then came a second plan."],
    );
}

#[test]
fn numbered_list_markers_start_items() {
    check(
        "1. Register online 2. Vote early 3. Bring ID",
        &["1. Register online", "2. Vote early", "3. Bring ID"],
    );
    check(
        "1) Register online. 2) Vote early.",
        &["1) Register online.", "2) Vote early."],
    );
}

#[test]
fn lettered_list_markers_start_items() {
    check(
        "a. Register b. Vote c. Wait",
        &["a. Register", "b. Vote", "c. Wait"],
    );
}

#[test]
fn numbers_in_prose_are_not_list_markers() {
    check(
        "Steps 1) and 2) were easy, said Tim.",
        &["Steps 1) and 2) were easy, said Tim."],
    );
}

#[test]
fn bullets_start_items() {
    check(
        "• Schools closed • Roads flooded • Power lost",
        &["• Schools closed", "• Roads flooded", "• Power lost"],
    );
}

#[test]
fn blank_line_ends_sentence_without_punctuation() {
    check(
        "Breaking news\n\nThe dam held.\nIt rained all night.",
        &["Breaking news", "The dam held.", "It rained all night."],
    );
}

#[test]
fn state_abbreviation_in_a_place_name_stays_inside() {
    check(
        "He lives in Dayton, Ohio, and works in Erie, Pa. since May.",
        &["He lives in Dayton, Ohio, and works in Erie, Pa. since May."],
    );
    check(
        "Sen. Ada Ruiz (D-Calif.) voted no. Her aide did too.",
        &["Sen. Ada Ruiz (D-Calif.) voted no.", "Her aide did too."],
    );
}

#[test]
fn unicode_and_odd_spacing_do_not_break_sentences() {
    check(
        "Ça va.\u{00A0}Très bien!\u{3000}Ótimo. 東京は晴れ。",
        &["Ça va.", "Très bien!", "Ótimo.", "東京は晴れ。"],
    );
}

#[test]
fn empty_and_blank_text_has_no_sentences() {
    check("", &[]);
    check(" \n\t ", &[]);
}

#[test]
fn camel_case_brand_after_a_period_starts_a_sentence() {
    check(
        "Sales of the old model fell. iPhone sales rose.",
        &["Sales of the old model fell.", "iPhone sales rose."],
    );
}

#[test]
fn case_names_and_aliases_do_not_end_sentence() {
    check(
        "Roe v. Wade was cited by Bruce Springsteen, a.k.a. The Boss, on stage.",
        &["Roe v. Wade was cited by Bruce Springsteen, a.k.a. The Boss, on stage."],
    );
}

#[test]
fn weekday_abbreviation_ends_sentence_before_a_pronoun() {
    check(
        "The store closes early on Fri. It reopens on Mon. 14 June.",
        &[
            "The store closes early on Fri.",
            "It reopens on Mon. 14 June.",
        ],
    );
}

#[test]
fn honorifics_in_a_row_stay_inside() {
    check(
        "The Rt. Hon. Ann Lee and Fr. Tom Kay met Rear Adm. Sam Ito.",
        &["The Rt. Hon. Ann Lee and Fr. Tom Kay met Rear Adm. Sam Ito."],
    );
}

#[test]
fn number_abbreviation_before_a_capital_ends_sentence() {
    check(
        "The senator voted no. Rep. Cole voted yes. The Fed meets in Dec. Economists expect a cut. See p. A3 for more.",
        &[
            "The senator voted no.",
            "Rep. Cole voted yes.",
            "The Fed meets in Dec.",
            "Economists expect a cut.",
            "See p. A3 for more.",
        ],
    );
}

#[test]
fn list_numbering_does_not_continue_across_a_blank_line() {
    check(
        "1. Register online\n\nThe deadline is in week 2. It was moved.",
        &[
            "1. Register online",
            "The deadline is in week 2.",
            "It was moved.",
        ],
    );
    check(
        "1. Register online\n\nThe deadline moved to week 2. for most voters.",
        &[
            "1. Register online",
            "The deadline moved to week 2. for most voters.",
        ],
    );
}

#[test]
fn acronym_at_sentence_end_ends_before_a_common_news_opener() {
    check(
        "The index fell in the U.K. Shares of banks led the decline.",
        &[
            "The index fell in the U.K.",
            "Shares of banks led the decline.",
        ],
    );
}

#[test]
fn a_full_stop_without_a_space_ends_a_sentence_before_a_capitalized_opener() {
    check(
        "The meeting ended.The next one is in June.",
        &["The meeting ended.", "The next one is in June."],
    );
    check(
        "The ferry was late.“We waited,” a rider said.",
        &["The ferry was late.", "“We waited,” a rider said."],
    );
    check("Is it open?Yes it is.", &["Is it open?", "Yes it is."]);
    for one in [
        "See e.g.the report on example.com today.",
        "Rates rose to 3.5 percent in the U.S.",
        "The firm Example.Org sold it.",
        "Use Node.js.It works.",
    ] {
        check(one, &[one]);
    }
}

#[test]
fn an_abbreviation_ends_a_sentence_before_a_plural_subject() {
    check(
        "Prices rose in the U.S. Economists were surprised.",
        &["Prices rose in the U.S.", "Economists were surprised."],
    );
    check(
        "Talks resumed at 9 a.m. Delegates arrived late.",
        &["Talks resumed at 9 a.m.", "Delegates arrived late."],
    );
    check(
        "The U.S. Army and U.S. Navy took part.",
        &["The U.S. Army and U.S. Navy took part."],
    );
}

#[test]
fn closing_quotes_at_a_paragraph_end_stay_with_their_sentence() {
    check(
        "The vote was “final.”\n\nThe council agreed.",
        &["The vote was “final.”", "The council agreed."],
    );
    check(
        "She called it 'a disgrace'.\nNobody answered.",
        &["She called it 'a disgrace'.", "Nobody answered."],
    );
}

#[test]
fn parts_of_an_address_before_a_number_do_not_end_a_sentence() {
    check(
        "Her office is at 500 Pine St., Ste. 200, in Denver. She lives in Apt. 3 on the left. Go to Rm. 5 in Bldg. 7 now.",
        &[
            "Her office is at 500 Pine St., Ste. 200, in Denver.",
            "She lives in Apt. 3 on the left.",
            "Go to Rm. 5 in Bldg. 7 now.",
        ],
    );
}

#[test]
fn plural_titles_before_names_do_not_end_a_sentence() {
    check(
        "It was signed by Govs. Newsom and Hochul. Sens. Warren and Sanders objected.",
        &[
            "It was signed by Govs. Newsom and Hochul.",
            "Sens. Warren and Sanders objected.",
        ],
    );
}
