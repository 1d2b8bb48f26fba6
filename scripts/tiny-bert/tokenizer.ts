/**
 * The tiny BERT's WordPiece vocabulary and its tokenizer files, in the layout transformers.js reads
 * (`tokenizer.json` in the Hugging Face tokenizers format, `tokenizer_config.json` beside it).
 *
 * The vocabulary is small but covers any lower-case Latin text: single letters and digits, their `##`
 * continuations, punctuation, and a few hundred whole words from the news corpus, so most words are one
 * token and nothing common becomes [UNK].
 */

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const DIGITS = [...'0123456789'];
const SUFFIXES = [
  '##s',
  '##es',
  '##ed',
  '##ing',
  '##ly',
  '##er',
  '##ers',
  '##n',
  '##ian',
  '##ians',
  '##ion',
  '##al',
];

// Frequent words of the seed articles plus everyday function words; fixed here (not read from seeds/) so
// that the fixture never changes when the corpus does.
const WORDS = `
the to and of in a an is it its that this with on for as at by from be are was were has have had not no
he she his her him they their them we our us you your i will would could should can may might must do does
did said says say told after before over under about between against into out up down off than then there
here what which who whom whose where when why how all any every each some more most other another only also
just now still already ahead again never always new old first second last next two three four five many
much few week weeks month months year years day days time today monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november december
russia russian russians ukraine ukrainian ukrainians kyiv kiev moscow putin vladimir zelenskyy zelensky
zelenskiy biden blinken antony lavrov sergey kuleba dmytro scholz macron johnson baerbock psaki burns nato
europe european eu united states america american washington germany german berlin france french paris
britain british london belarus poland polish crimea donbas donetsk luhansk kremlin white house geneva
switzerland pentagon cia un security council sanctions sanction troops troop forces force military army
soldiers tanks border borders invasion invade invaded attack attacks war conflict crisis fight fighting
missile missiles strike strikes shelling killed dead wounded civilians refugees humanitarian aid weapons
diplomacy diplomatic diplomat talks talk meeting meetings meet met summit minister ministry president
secretary foreign defense defence official officials government leader leaders spokesman spokeswoman
statement announced announcement warned warning threat threats tensions tension escalation
escalate sovereignty sovereign territorial integrity independence separatist separatists recognized
recognition regions region eastern western country countries nation nations allies partners support
response economic economy gas oil energy pipeline nord stream prices price market markets bank banks
ruble dollar money export exports imports trade intelligence pretext plan plans claim claims false news
people world international community peace ceasefire agreement negotiations evacuation embassy city
cities capital control north south east west local power political
`;

/** Token → id, in a fixed order: specials, punctuation, digits, letters, continuations, suffixes, words. */
export function buildVocab(): Map<string, number> {
  const ordered = [
    ...SPECIAL_TOKENS,
    ...PUNCTUATION,
    ...DIGITS,
    ...LETTERS,
    ...DIGITS.map((d) => `##${d}`),
    ...LETTERS.map((l) => `##${l}`),
    ...SUFFIXES,
    ...WORDS.split(/\s+/).filter((w) => w !== ''),
  ];
  const vocab = new Map<string, number>();
  for (const token of ordered) if (!vocab.has(token)) vocab.set(token, vocab.size);
  return vocab;
}

function addedToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** `tokenizer.json`: BERT's uncased normalizer and pre-tokenizer, WordPiece, and the [CLS] … [SEP] template. */
export function tokenizerJson(vocab: Map<string, number>): object {
  const id = (t: string): number => {
    const found = vocab.get(t);
    if (found === undefined) throw new Error(`crisis-desk: tiny-bert vocab: expected token ${t}, got none`);
    return found;
  };
  const special = (t: string) => ({ id: t, ids: [id(t)], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => addedToken(t, id(t))),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

/** `tokenizer_config.json`; `model_max_length` is what transformers.js truncates to. */
export function tokenizerConfigJson(modelMaxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}
