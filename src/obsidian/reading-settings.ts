/** The settings rows of the reading life (issue 15): reading properties, notes for finished books, the library Base. */
import type { Setting } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { Settings } from '../core/settings/settings';

/** What the rows need: the settings, their saving, and the "Re-create library base" action. */
export interface ReadingSettingsHost {
  readonly settings: Settings;
  readonly t: Translate;
  saveSettings(): Promise<void>;
  recreateLibraryBase?(): Promise<void>;
}

/** A section as the settings tab renders it (heading + rows). */
export interface ReadingSection {
  heading: string;
  rows: Array<{ name: string; desc: string; render(setting: Setting): void }>;
}

type ReadingKey = 'readingProperties' | 'finishedWithoutNotes' | 'libraryBase';

export function readingSettingsSection(host: ReadingSettingsHost): ReadingSection {
  const { t } = host;
  const toggle = (key: ReadingKey, setting: Setting): void => {
    setting.addToggle((c) =>
      c.setValue(host.settings[key]).onChange(async (v) => {
        host.settings[key] = v;
        await host.saveSettings();
      }),
    );
  };
  return {
    heading: t('settings.reading'),
    rows: [
      {
        name: t('settings.readingProperties.name'),
        desc: t('settings.readingProperties.desc'),
        render: (setting) => toggle('readingProperties', setting),
      },
      {
        name: t('settings.finishedWithoutNotes.name'),
        desc: t('settings.finishedWithoutNotes.desc'),
        render: (setting) => toggle('finishedWithoutNotes', setting),
      },
      {
        name: t('settings.libraryBase.name'),
        desc: t('settings.libraryBase.desc'),
        render: (setting) => {
          toggle('libraryBase', setting);
          if (host.recreateLibraryBase)
            setting.addButton((b) =>
              b.setButtonText(t('settings.libraryBase.button')).onClick(() => void host.recreateLibraryBase?.()),
            );
        },
      },
    ],
  };
}
