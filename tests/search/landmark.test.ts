import { describe, expect, it } from 'vitest';
import { defaultLandmarkRule, isLandmarkMention, noLandmarkRule } from '../../src/search/landmark.ts';

describe('isLandmarkMention', () => {
  it('reads a distance, a direction, a region that includes it and a comparison as landmarks', () => {
    for (const [sentence, name] of [
      [
        'Two reporters were wounded near Okhtyrka, a town about 55 miles from the city of Kharkiv.',
        'kharkiv',
      ],
      ['Villagers in a town some 80 miles southeast of Kharkiv handed out the food.', 'kharkiv'],
      [
        'The ship sank off Berdyansk, roughly 45 miles west of Ukraine’s biggest Azov port city of Mariupol.',
        'mariupol',
      ],
      ['The Russian-seized city lies just west of Mariupol.', 'mariupol'],
      ['Shells hit a village 30km north of Kharkiv.', 'kharkiv'],
      ['Forces will regroup in the Donbas region, which includes the besieged city of Mariupol.', 'mariupol'],
      [
        'A blast there would be ten times worse than the 1986 nuclear disaster at Chernobyl, the minister warned.',
        'chernobyl',
      ],
      ['An explosion would be far larger than Chornobyl!', 'chornobyl'],
      ['The newer plant has better safeguards than the Chernobyl site.', 'chernobyl'],
    ]) {
      expect(isLandmarkMention(sentence!, name!), sentence).toBe(true);
    }
  });

  it('reads reports, lists and quantities as reports, and any reporting occurrence decides', () => {
    for (const [sentence, name] of [
      [
        'Aid workers warn that food is running out in Mariupol and that families there want to get out.',
        'mariupol',
      ],
      ['More than 300 people were killed in Mariupol, officials said.', 'mariupol'],
      ['Ten people died when rockets hit Kharkiv, the second-largest city.', 'kharkiv'],
      [
        'Russian forces attacked west of the river, and the shelling of Kharkiv went on all night.',
        'kharkiv',
      ],
      ['The town lies 45 miles west of Mariupol, and the shelling of Mariupol has not stopped.', 'mariupol'],
      ['Kharkiv sits about 30 miles from the border with Russia.', 'kharkiv'],
      ['The sentence does not name the city at all.', 'mariupol'],
    ]) {
      expect(isLandmarkMention(sentence!, name!), sentence).toBe(false);
    }
  });

  it('follows the rule: "near" only when asked for, nothing without patterns', () => {
    const near = 'The family stayed in Ternopil, near Lviv.';
    expect(isLandmarkMention(near, 'lviv')).toBe(false);
    expect(isLandmarkMention(near, 'lviv', { ...defaultLandmarkRule, near: true })).toBe(true);
    expect(isLandmarkMention('a town 55 miles from Kharkiv', 'kharkiv', noLandmarkRule)).toBe(false);
  });
});
