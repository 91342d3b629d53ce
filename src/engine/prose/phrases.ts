/**
 * Phrase banks for synthesised replies. Slots: {t} topic phrase, {k} a keyword, {k2} another keyword,
 * {a} an adjective, {n} a generic noun, {name} a character name, {c} a creature, {p} a place.
 */

export const GREETINGS = [
  'Hello! How can I help you today?',
  'Hi there! What can I do for you?',
  'Hey! What would you like to talk about?',
  'Hello! What are you working on today?',
  'Hi! How can I assist you?',
  'Good to hear from you! What can I help with?',
];

export const GREETING_FOLLOW_UPS = [
  'I can answer questions, draft text or help you think through a problem.',
  'Feel free to ask me anything, big or small.',
  'Tell me a little about what you need and we can get started.',
  'Whether it is a quick question or a longer project, I am happy to help.',
];

export const ANSWER_OPENERS = [
  'The short answer is that {t} depends on a few clear factors.',
  'Good question: {t} is easier to reason about than it first appears.',
  'In most cases, {t} comes down to a handful of practical considerations.',
  'It depends on the context, but {t} usually follows a predictable pattern.',
  'Here is a clear way to think about {t}.',
  'There is a simple answer and a more detailed one when it comes to {t}.',
  'Broadly speaking, {t} is shaped by what you want to achieve.',
];

export const EXPLAIN_OPENERS = [
  'Here is a concise overview of {t}.',
  '{T} is a subject worth approaching step by step.',
  'At its core, {t} is about balancing a few competing goals.',
  'A useful way to start with {t} is to separate what matters most from the details.',
  'When people look at {t}, a few ideas come up again and again.',
  'Let me walk you through the essentials of {t}.',
];

export const BODY_SENTENCES = [
  'The first thing to notice is how {k} connects to {k2}.',
  'A practical approach is to start small, observe the results and adjust as you go.',
  'Most of the difficulty with {k} comes from a few {a} details rather than the big picture.',
  'It helps to keep the goal in mind, because {k} can look very different depending on the situation.',
  'Experience shows that {a} habits matter more than any single decision about {k}.',
  'One common mistake is to treat {k} as fixed when it usually changes over time.',
  'If you compare a few examples side by side, the pattern behind {k} becomes much clearer.',
  'The {a} part is that small changes to {k2} can have a surprisingly large effect.',
  'In practice, a clear plan and a bit of patience go a long way with {k}.',
  'Another factor is timing: the same choice about {k} can work well in one moment and poorly in another.',
  'Good sources of {n} make it much easier to judge {k} with confidence.',
  'It is worth writing down your assumptions about {k}, since they are easy to forget later.',
  'A {a} rule of thumb is to favour the option that is easiest to undo.',
  'Keep in mind that {k2} and {k} influence each other more than it might seem.',
  'The most reliable results usually come from steady, {a} progress rather than big leaps.',
  'Looking at {k} from the perspective of the people involved often reveals what really matters.',
  'There is rarely a single right answer, but some choices about {k} are clearly better than others.',
  'Testing an idea on a small scale first is a {a} way to learn how {k} behaves.',
];

export const CLOSERS = [
  'If you share a bit more context, I can tailor this to your situation.',
  'Let me know if you would like a deeper look at any of these points.',
  'I hope this gives you a useful starting point.',
  'Happy to go into more detail on {k} if that would help.',
  'In short, a thoughtful, step-by-step approach to {t} tends to work best.',
  'Feel free to ask a follow-up question about {k}.',
];

export const LIST_INTROS = [
  'Here are some practical points about {t}:',
  'A few ideas to get you started with {t}:',
  'These are the points that matter most for {t}:',
  'Here is a short list to help with {t}:',
];

export const LIST_ITEMS = [
  ['Start small', 'Pick one manageable part of {k} and build from there.'],
  ['Set a clear goal', 'Knowing what success looks like makes every later decision easier.'],
  ['Learn from examples', 'Look at how others have handled {k} and borrow what works.'],
  ['Keep notes', 'A short record of what you tried helps you spot patterns over time.'],
  ['Ask for feedback', 'A second opinion often catches what you would miss on your own.'],
  ['Stay consistent', 'Regular, steady effort beats occasional bursts of activity.'],
  ['Review your progress', 'Check in every so often and adjust your approach to {k2}.'],
  ['Mind the details', 'Small issues with {k} are easier to fix early than late.'],
  ['Use the right tools', 'A good tool can save hours when working on {k}.'],
  ['Take breaks', 'Stepping away for a while often brings fresh ideas.'],
];

export const LIST_CLOSERS = ['Pick the one that fits your situation best and build from there.', 'Any one of these is a good place to begin.'];

export const ADJECTIVES = ['important', 'subtle', 'practical', 'simple', 'useful', 'careful', 'reliable', 'interesting', 'steady', 'clear'];
export const NOUNS = ['information', 'evidence', 'feedback', 'data', 'advice', 'experience'];

export const NAMES = ['Lumina', 'Pip', 'Mira', 'Juniper', 'Bram', 'Nova', 'Tilly', 'Orin', 'Wren', 'Sol'];
export const CREATURES = ['fox', 'owl', 'rabbit', 'dragon', 'hedgehog', 'otter'];
export const PLACES = ['a quiet forest', 'a hill covered in wildflowers', 'a village by the sea', 'a valley of tall grass', 'a garden behind an old stone wall'];

export const STORY_BEATS = {
  opening: [
    'Once upon a time, {name} the {c} lived in {p}.',
    'In {p}, there lived a gentle {c} named {name}.',
    'Long ago, in {p}, a curious {c} called {name} made a home among the trees.',
  ],
  middle: [
    'Every evening, {name} watched the stars appear one by one and made a quiet wish.',
    'One night, {name} found a glowing path that no one had ever noticed before.',
    'Along the way, {name} met an old friend who knew the secret of the moonlit pond.',
    'The path led to a clearing where fireflies drifted like tiny lanterns.',
    '{name} listened to the wind and heard it humming a soft, familiar song.',
    'When the clouds parted, the whole meadow shimmered in silver light.',
    'With a brave little step, {name} followed the light deeper into the night.',
  ],
  ending: [
    'At last, {name} curled up beneath the stars, happy and safe, and drifted off to sleep.',
    'And from that night on, whenever the moon was full, {name} remembered that magic is never far away.',
    'By morning, {name} was home again, carrying a small, bright memory to keep forever.',
  ],
};
