/**
 * A fixed list of questions for query benchmarks: what people ask a crisis desk, in their own words, plus a few
 * off-topic ones (which should abstain, and cost the same path through the engine).
 */

export interface BenchQuestion {
  text: string;
  offTopic: boolean;
}

const CRISIS: readonly string[] = [
  'How many Russian troops were massed near the Ukrainian border?',
  'When did Russia invade Ukraine?',
  'What did Putin say in his speech recognizing Donetsk and Luhansk?',
  'Which countries sent Javelin missiles to Ukraine?',
  'What sanctions did the US impose on Russian banks?',
  'Was Russia cut off from SWIFT?',
  'What happened to the Nord Stream 2 pipeline certification?',
  'How many refugees have fled Ukraine to Poland?',
  'What happened at the Chernobyl nuclear plant during the invasion?',
  'Who shelled the Zaporizhzhia nuclear power plant?',
  'What did Zelensky ask Western leaders for?',
  'Did NATO agree to a no-fly zone over Ukraine?',
  'What happened in Bucha?',
  'How was the Moskva cruiser sunk?',
  'What is the situation in Mariupol and the Azovstal steel plant?',
  'Where did the peace talks between Russia and Ukraine take place?',
  'What did the Kremlin demand from NATO in its security proposals?',
  'How did the ruble react to the sanctions?',
  'Why did gas prices in Europe rise?',
  'What did Germany decide about defense spending after the invasion?',
  'Which oligarchs had their yachts seized?',
  'How many civilians have been killed according to the UN?',
  'What role did Belarus play in the invasion?',
  'What did Biden say about the possibility of an invasion?',
  'Did the US evacuate its embassy in Kyiv?',
  'What was the cyberattack on Ukrainian government websites?',
  'Who is responsible for the strike on the Kramatorsk train station?',
  'What happened to the 40-mile Russian convoy near Kyiv?',
  'How did Ukraine retake Kharkiv region in the counteroffensive?',
  'What is the grain export deal brokered by Turkey?',
  'What did the International Criminal Court announce about Ukraine?',
  'How much military aid has the US sent to Ukraine?',
  'Did Finland and Sweden apply to join NATO?',
  'What happened to Russian protesters who opposed the war?',
  "Why did McDonald's leave Russia?",
  'What did Russia say about the Donbas separatists?',
  'What were the Minsk agreements?',
  'Was there a humanitarian corridor out of Mariupol?',
  'Did Russia use hypersonic missiles in Ukraine?',
  'What did China say about the Russian invasion?',
  'How did the UN General Assembly vote on Russia?',
  'What happened to Brittney Griner in Russia?',
  'What did Macron discuss with Putin in Moscow?',
  'When did Russian forces withdraw from the Kyiv region?',
  'What is known about the explosion on the Crimean bridge?',
  'How did Russia announce the partial mobilization?',
  'What were the referendums in occupied Ukrainian regions?',
  'Who attacked Snake Island?',
  "What happened to Ukraine's power grid after the missile strikes?",
  'How did the war affect wheat prices and food supplies in Africa?',
  'What weapons did the UK send to Ukraine?',
  'Did Russia default on its foreign debt?',
  'How many Russian soldiers have died according to Ukraine?',
  'What did the IAEA inspectors find at Zaporizhzhia?',
  'Which companies stopped doing business in Russia?',
  'Is Kherson under Russian control?',
  'What did Lavrov say about nuclear war?',
  'What are HIMARS and how did Ukraine use them?',
  'Who sabotaged the Nord Stream pipelines?',
  'russian troops belarus exercises february',
];

const OFF_TOPIC: readonly string[] = [
  'What is the best recipe for banana bread?',
  'Who won the 2018 FIFA World Cup final?',
  'How do I reset my router password?',
  'What is the boiling point of water at high altitude?',
  'Which programming language should I learn first?',
  'How tall is Mount Kilimanjaro?',
  'What are the symptoms of vitamin D deficiency?',
  'When is the best time to plant tulip bulbs?',
];

export const BENCH_QUESTIONS: readonly BenchQuestion[] = Object.freeze([
  ...CRISIS.map((text) => ({ text, offTopic: false })),
  ...OFF_TOPIC.map((text) => ({ text, offTopic: true })),
]);
