/** The settings rows for daily notes and popular highlights (a section of the settings tab). */
import type { Setting } from 'obsidian';
import type { Translate } from '../core/i18n';
import { dailyHeading } from '../core/settings/migrate';
import type { DailyLinkStyle, Settings } from '../core/settings/settings';

/** The same row shape as the settings tab's: name and description, and the controls it adds. */
export interface DailySettingsRow {
  name: string;
  desc: string;
  render(setting: Setting): void;
}

export interface DailySettingsHost {
  readonly settings: Settings;
  readonly t: Translate;
  saveSettings(): Promise<void>;
}

/** Popular highlights on/off, daily notes on/off, the heading, and the reference style. */
export function dailySettingsRows(host: DailySettingsHost): DailySettingsRow[] {
  const { t } = host;
  const s = () => host.settings;
  // Block bodies: components are thenable (`then`), so returning one reads as returning a promise.
  const toggle = (key: 'dailyNotes' | 'popularHighlights') => (setting: Setting) => {
    setting.addToggle((c) => {
      c.setValue(s()[key]).onChange(async (on) => {
        s()[key] = on;
        await host.saveSettings();
      });
    });
  };
  return [
    { name: t('settings.popular.name'), desc: t('settings.popular.desc'), render: toggle('popularHighlights') },
    { name: t('settings.dailyNotes.name'), desc: t('settings.dailyNotes.desc'), render: toggle('dailyNotes') },
    {
      name: t('settings.dailyHeading.name'),
      desc: t('settings.dailyHeading.desc'),
      render: (setting) => {
        setting.addText((c) => {
          c.setValue(s().dailyNotesHeading).onChange(async (text) => {
            s().dailyNotesHeading = dailyHeading(text);
            await host.saveSettings();
          });
        });
      },
    },
    {
      name: t('settings.dailyLinkStyle.name'),
      desc: t('settings.dailyLinkStyle.desc'),
      render: (setting) => {
        setting.addDropdown((c) => {
          c.addOptions({ link: t('settings.dailyLinkStyle.link'), embed: t('settings.dailyLinkStyle.embed') })
            .setValue(s().dailyNotesLinkStyle)
            .onChange(async (value) => {
              s().dailyNotesLinkStyle = value === 'embed' ? 'embed' : ('link' satisfies DailyLinkStyle);
              await host.saveSettings();
            });
        });
      },
    },
  ];
}
